using System.Buffers;

namespace Bazaar.Catalog.Csv;

/// <summary>
/// Writes RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted (its
/// quotes doubled) only when it holds a comma, a quote or a line break, or starts or ends with a space.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    private bool atRecordStart = true;

    public void Field(string? value)
    {
        if (!atRecordStart)
        {
            writer.Write(',');
        }

        atRecordStart = false;
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0 && value[0] != ' ' && value[^1] != ' ')
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    public void EndRecord()
    {
        writer.Write("\r\n");
        atRecordStart = true;
    }

    public void Record(IEnumerable<string?> fields)
    {
        foreach (var value in fields)
        {
            Field(value);
        }

        EndRecord();
    }
}
