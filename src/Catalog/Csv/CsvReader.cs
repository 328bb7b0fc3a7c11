using System.Text;

namespace Bazaar.Catalog.Csv;

/// <summary>One record of a CSV file: its fields, or why it could not be read.</summary>
/// <param name="Number">1 for the first record of the file (the header, when there is one).</param>
public sealed record CsvRecord(int Number, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// Reads RFC 4180 CSV one record at a time: fields separated by commas, records by CRLF or LF,
/// a field in double quotes may hold commas, line breaks and doubled quotes. Lenient where the RFC
/// leaves no doubt of the meaning (a quote inside an unquoted field is kept as a character, the
/// last record may end without a line break, blank lines are skipped); a record it cannot read (a
/// quote left open to the end of the file, text after a closing quote) comes back with an error,
/// and reading goes on after it.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private readonly char[] buffer = new char[16 * 1024];
    private int position;
    private int length;
    private int number;

    public async IAsyncEnumerable<CsvRecord> ReadAllAsync()
    {
        while (await ReadAsync() is { } record)
        {
            yield return record;
        }
    }

    /// <summary>The next record, or null at the end of the file.</summary>
    public async Task<CsvRecord?> ReadAsync()
    {
        while (true)
        {
            var fields = new List<string>();
            string? error = null;
            var ended = await ReadRecordAsync(fields, e => error ??= e);
            if (fields.Count == 1 && fields[0].Length == 0 && error is null)
            {
                // A blank line, or the end of the file after the last line break.
                if (ended)
                {
                    return null;
                }

                continue;
            }

            return new CsvRecord(++number, fields, error);
        }
    }

    /// <summary>Reads one record's fields; true when the file ended with it.</summary>
    private async Task<bool> ReadRecordAsync(List<string> fields, Action<string> fail)
    {
        field.Clear();
        var quoted = false;
        var afterQuote = false;
        var atFieldStart = true;
        while (true)
        {
            var next = await ReadCharAsync();
            if (next < 0)
            {
                if (quoted)
                {
                    fail("A quoted field is not closed: its opening quote runs to the end of the file.");
                }

                fields.Add(field.ToString());
                return true;
            }

            var c = (char)next;
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (await PeekCharAsync() == '"')
                {
                    await ReadCharAsync();
                    field.Append('"');
                }
                else
                {
                    quoted = false;
                    afterQuote = true;
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    afterQuote = false;
                    continue;
                case '\r' when await PeekCharAsync() == '\n':
                    continue;
                case '\n':
                    fields.Add(field.ToString());
                    return false;
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    continue;
                default:
                    if (afterQuote)
                    {
                        fail("Text follows a closing quote; a quote inside a quoted field is written twice (\"\").");
                    }

                    field.Append(c);
                    atFieldStart = false;
                    continue;
            }
        }
    }

    private async ValueTask<int> ReadCharAsync()
    {
        if (position == length && !await FillAsync())
        {
            return -1;
        }

        return buffer[position++];
    }

    private async ValueTask<int> PeekCharAsync()
    {
        if (position == length && !await FillAsync())
        {
            return -1;
        }

        return buffer[position];
    }

    private async ValueTask<bool> FillAsync()
    {
        length = await reader.ReadAsync(buffer);
        position = 0;
        return length > 0;
    }
}
