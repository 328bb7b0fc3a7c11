using Bazaar.Catalog.Csv;

namespace Bazaar.Catalog.Tests.Products;

public sealed class CsvExportTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_AsAdmin_AllProductsAsCsv_AndImportingItBackChangesNothing()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out var vendorId);
        var tricky = CatalogApp.NewProduct(shelf.Id, "=HYPERLINK(\"x\"), \"quoted\"", 12.5m, ["a|b", "c"], "Line one\nline two", initialStock: 4);
        tricky["attributes"] = new Dictionary<string, string> { ["color"] = "red, dark" };
        var product = await app.CreateProductAsync(tricky, vendor);
        await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id));
        using var admin = app.Admin();

        var response = await admin.GetAsync("/api/products/export", Token);
        var csv = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("products.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = await ReadAsync(csv);
        Assert.Equal(
            "sku,name,description,category,price,currency,taxClass,tags,images,attributes,vendorId,stock,stockStatus",
            string.Join(',', rows[0]));
        var row = rows.Single(r => r[0] == product.Sku);
        // A formula-looking name is kept from spreadsheets by a leading apostrophe; import removes it.
        Assert.Equal(["'=HYPERLINK(\"x\"), \"quoted\"", "Line one\nline two", shelf.Slug, "12.50", "USD", "standard"], row[1..7]);
        Assert.Equal(["[\"a|b\",\"c\"]", "", "{\"color\":\"red, dark\"}", vendorId.ToString(), "4", "in_stock"], row[7..]);
        Assert.Equal(2, rows.Count(r => r[3] == shelf.Slug));

        var again = await CsvImportTests.ImportAsync(admin, csv);

        Assert.Equal((0, 0, rows.Count - 1), (again.Created, again.Updated, again.Unchanged));
        Assert.Empty(again.Failed);
    }

    [Fact]
    public async Task Export_AsVendor_OnlyItsOwnProducts()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out _);
        using var other = app.Vendor(out _);
        var mine = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id), vendor);
        var theirs = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id), other);

        var rows = await ReadAsync(await vendor.GetStringAsync("/api/products/export", Token));

        Assert.Equal([mine.Sku], rows.Skip(1).Select(r => r[0]));
        Assert.DoesNotContain(rows, r => r[0] == theirs.Sku);
    }

    private static async Task<List<string[]>> ReadAsync(string csv)
    {
        var rows = new List<string[]>();
        await foreach (var record in new CsvReader(new StringReader(csv)).ReadAllAsync())
        {
            Assert.Null(record.Error);
            rows.Add([.. record.Fields]);
        }

        return rows;
    }
}
