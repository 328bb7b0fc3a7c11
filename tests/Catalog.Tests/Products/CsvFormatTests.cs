using Bazaar.Catalog.Csv;
using Bazaar.Catalog.Products;

namespace Bazaar.Catalog.Tests.Products;

public sealed class CsvFormatTests
{
    [Fact]
    public async Task Reader_QuotesCommasLineBreaksAndBlankLines_ReadAsRfc4180Says()
    {
        var records = await ReadAsync("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\nlast,,\"\"");

        Assert.Equal([["a", "b", "c"], ["x, y", "say \"hi\"", "two\r\nlines"], ["last", "", ""]], records.Select(r => r.Fields));
        Assert.Equal([1, 2, 3], records.Select(r => r.Number));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public async Task Reader_TextAfterClosingQuote_IsThatRecordsErrorOnly()
    {
        var records = await ReadAsync("\"a\"b,c\nd,e\n");

        Assert.NotNull(records[0].Error);
        Assert.Equal(["d", "e"], records[1].Fields);
        Assert.Null(records[1].Error);
    }

    [Fact]
    public async Task Reader_UnclosedQuote_RunsToTheEndAndSaysSo()
    {
        var records = await ReadAsync("a\n\"open,b\nc,d\n");

        Assert.Equal(2, records.Count);
        Assert.NotNull(records[1].Error);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("comma, inside")]
    [InlineData("quote \" inside")]
    [InlineData("line\nbreak")]
    [InlineData(" padded ")]
    [InlineData("")]
    public async Task Writer_ThenReader_GivesTheSameField(string value)
    {
        var text = new StringWriter();
        new CsvWriter(text).Record([value, "next"]);

        var record = Assert.Single(await ReadAsync(text.ToString()));

        Assert.Equal([value, "next"], record.Fields);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 phone", "'+49 phone")]
    [InlineData("@user", "'@user")]
    [InlineData("'=quoted", "''=quoted")]
    [InlineData("'Tis the season", "'Tis the season")]
    [InlineData("Lamp", "Lamp")]
    public void Text_FormulaLookingValues_GetAnApostropheThatUntextRemoves(string value, string cell)
    {
        Assert.Equal(cell, ProductCsv.Text(value));
        Assert.Equal(value, ProductCsv.Untext(cell));
    }

    [Fact]
    public void List_ItemWithSeparator_IsWrittenAsJsonAndReadBack()
    {
        Assert.Equal("a|b", ProductCsv.List(["a", "b"]));
        Assert.Equal(["x|y", "z"], ProductCsv.ReadList(ProductCsv.List(["x|y", "z"])));
        Assert.Null(ProductCsv.ReadList("[not json"));
    }

    private static async Task<List<CsvRecord>> ReadAsync(string csv)
    {
        var records = new List<CsvRecord>();
        await foreach (var record in new CsvReader(new StringReader(csv)).ReadAllAsync())
        {
            records.Add(record);
        }

        return records;
    }
}
