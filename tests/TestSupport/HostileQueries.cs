using System.Text.Json;

namespace Bazaar.TestSupport;

/// <summary>
/// Query values a list route must survive: negative, zero, huge, past int's range, not numbers at
/// all, unknown sorts, prices no decimal holds, dates at and past the calendar's ends, ranges
/// backwards. Every list route answers each with 200 or a 400 validation problem, never a 500,
/// and no error body carries exception text.
/// </summary>
public static class HostileQueries
{
    public static readonly IReadOnlyList<string> Paging =
    [
        "page=2147483647&pageSize=100", "page=2147483647", "page=21474837&pageSize=100", "page=-1", "page=0", "page=abc",
        "page=99999999999", "page=1.5", "page=%00", "page=", "pageSize=0", "pageSize=-1", "pageSize=101",
        "pageSize=2147483647", "pageSize=99999999999", "pageSize=abc", "page=2&pageSize=1",
    ];

    public static readonly IReadOnlyList<string> Sorts = ["sort=junk", "sort=", "sort=price%3B%20drop%20table%20products", "sort=PRICE"];

    public static readonly IReadOnlyList<string> Prices =
    [
        "minPrice=-1", "maxPrice=-1", "minPrice=abc", "maxPrice=1e400", "minPrice=1e30", "maxPrice=NaN", "minPrice=Infinity",
        "minPrice=79228162514264337593543950336", "maxPrice=99999999999999999999999999", "minPrice=10&maxPrice=5",
        "minPrice=0.000000000000000000000000001",
    ];

    public static readonly IReadOnlyList<string> Dates =
    [
        "from=junk", "to=junk", "from=0001-01-01", "to=0001-01-01", "from=0000-00-00", "from=-1", "from=99999-01-01",
        "from=0001-01-01T00:00:00%2B14:00", "to=9999-12-31T23:59:59-14:00", "from=9999-12-31T23:59:59Z",
        "to=9999-12-31T23:59:59.9999999Z", "from=9999-12-01&to=9999-12-31T23:59:59.9999999Z",
        "from=1970-01-01&to=9999-12-31", "from=1969-12-31T23:59:59Z&to=1970-01-02", "to=1970-01-01T00:00:00Z",
        "from=2026-02-01&to=2026-01-01", "from=2026-01-01&to=2026-01-01",
    ];

    /// <summary>Every route with every query, as theory data rows ("/api/x?page=abc").</summary>
    public static IEnumerable<string> Requests(IEnumerable<string> routes, params IReadOnlyList<string>[] queries) =>
        from route in routes
        from query in queries.SelectMany(q => q)
        select $"{route}{(route.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{query}";

    /// <summary>What is wrong with a list route's answer, or null when it is a 200 or a clean 400 validation problem.</summary>
    public static async Task<string?> FaultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        if (status == 200)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (status != 400)
        {
            return $"{status}, not 200 or 400: {body}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"400 as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not application/problem+json: {body}";
        }

        if (Internals(body) is { } leak)
        {
            return $"400 body carries {leak}: {body}";
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any()
            ? null
            : $"400 without the field at fault in errors: {body}";
    }

    /// <summary>The first sign of exception text or a stack trace in an error body, or null.</summary>
    public static string? Internals(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string[] signs = ["Exception", "   at ", "Npgsql", "PostgreSQL", "System.", "Microsoft.", ".cs:line", "SqlState", "stack"];
        return signs.FirstOrDefault(sign => body.Contains(sign, StringComparison.OrdinalIgnoreCase)) is { } sign ? $"'{sign}'" : null;
    }
}
