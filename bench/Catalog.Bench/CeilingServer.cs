using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bazaar.Catalog.Bench;

/// <summary>
/// The ceiling: the catalog's read queries, with the service's SQL (Catalog's ProductRows), served
/// as leanly as this author could: Kestrel and routing only; statements prepared once per
/// connection and connections kept (no reset on return to the pool); a list's count and page in
/// one round trip; rows written straight from the reader into the response as JSON (the
/// attributes column passed through as it is stored, not parsed and written again). Served by
/// <see cref="CeilingProcess"/>. The service must not beat it: what the service costs on top of
/// PostgreSQL and Kestrel is the difference.
/// </summary>
internal sealed partial class CeilingServer(WebApplication app, NpgsqlDataSource data) : IAsyncDisposable
{
    private const string Select =
        "SELECT p.id, p.sku, p.name, p.description, p.category_id, c.name, p.price, p.currency, p.tags, p.images, p.attributes::text, " +
        "p.vendor_id, p.rating_average, p.rating_count, p.stock_status, p.created_at, p.updated_at, p.xmin, p.tax_class " +
        "FROM products p JOIN categories c ON c.id = p.category_id";

    public const string GetSql = $"{Select} WHERE p.id = $1 AND p.archived_at IS NULL";
    public const string ListCountSql = "SELECT count(*)::int FROM products p WHERE p.archived_at IS NULL";
    public const string ListPageSql = $"{Select} WHERE p.archived_at IS NULL ORDER BY p.created_at DESC, p.id DESC LIMIT $1 OFFSET $2";
    public const string SearchCountSql = "SELECT count(*)::int FROM products p WHERE p.archived_at IS NULL AND p.search_vector @@ to_tsquery('english', $1)";
    public const string SearchPageSql = $"{Select} WHERE p.archived_at IS NULL AND p.search_vector @@ to_tsquery('english', $1) " +
        "ORDER BY ts_rank(p.search_vector, to_tsquery('english', $1)) DESC, p.created_at DESC, p.id LIMIT $2 OFFSET $3";

    private static readonly JsonWriterOptions Unchecked = new() { SkipValidation = true };

    public string Url { get; } = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<CeilingServer> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var data = NpgsqlDataSource.Create(Kept(connectionString));
        var app = builder.Build();
        app.MapGet("/api/products", (HttpContext http) => ListAsync(http, data));
        app.MapGet("/api/products/{id:guid}", (HttpContext http, Guid id) => GetAsync(http, data, id));
        await app.StartAsync();
        return new CeilingServer(app, data);
    }

    /// <summary>The service's own pool settings and then some: no DISCARD ALL on return, connections opened ahead.</summary>
    public static string Kept(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        NoResetOnClose = true,
        MinPoolSize = 8,
        MaxAutoPrepare = 0, // prepared explicitly below
    }.ConnectionString;

    private static async Task GetAsync(HttpContext http, NpgsqlDataSource data, Guid id)
    {
        await using var connection = await data.OpenConnectionAsync(http.RequestAborted);
        await using var command = new NpgsqlCommand(GetSql, connection) { Parameters = { new() { Value = id } } };
        await command.PrepareAsync(http.RequestAborted);
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, Unchecked);
        WriteProduct(json, reader);
        await json.FlushAsync(http.RequestAborted);
    }

    private static async Task ListAsync(HttpContext http, NpgsqlDataSource data)
    {
        var query = http.Request.Query;
        var page = int.TryParse(query["page"], out var p) && p > 0 ? p : 1;
        var pageSize = int.TryParse(query["pageSize"], out var s) && s is > 0 and <= 100 ? s : 20;
        var search = ToTsQuery(query["q"]);

        await using var connection = await data.OpenConnectionAsync(http.RequestAborted);
        await using var batch = new NpgsqlBatch(connection);
        if (search is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ListCountSql));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ListPageSql) { Parameters = { new() { Value = pageSize }, new() { Value = (page - 1) * pageSize } } });
        }
        else
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SearchCountSql) { Parameters = { new() { Value = search } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SearchPageSql) { Parameters = { new() { Value = search }, new() { Value = pageSize }, new() { Value = (page - 1) * pageSize } } });
        }

        await batch.PrepareAsync(http.RequestAborted);
        await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
        await reader.ReadAsync(http.RequestAborted);
        var total = reader.GetInt32(0);
        await reader.NextResultAsync(http.RequestAborted);

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter, Unchecked);
        json.WriteStartObject();
        json.WriteStartArray("items"u8);
        while (await reader.ReadAsync(http.RequestAborted))
        {
            WriteProduct(json, reader);
        }

        json.WriteEndArray();
        json.WriteNumber("page"u8, page);
        json.WriteNumber("pageSize"u8, pageSize);
        json.WriteNumber("totalCount"u8, total);
        json.WriteNumber("totalPages"u8, (total + pageSize - 1) / pageSize);
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    /// <summary>One row of <see cref="Select"/> as the service's ProductResponse writes it.</summary>
    private static void WriteProduct(Utf8JsonWriter json, NpgsqlDataReader reader)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, reader.GetGuid(0));
        json.WriteString("sku"u8, reader.GetString(1));
        json.WriteString("name"u8, reader.GetString(2));
        json.WriteString("description"u8, reader.GetString(3));
        json.WriteString("categoryId"u8, reader.GetGuid(4));
        json.WriteString("categoryName"u8, reader.GetString(5));
        json.WriteNumber("price"u8, reader.GetDecimal(6));
        json.WriteString("currency"u8, reader.GetString(7));
        WriteStrings(json, "tags"u8, reader.GetFieldValue<string[]>(8));
        WriteStrings(json, "images"u8, reader.GetFieldValue<string[]>(9));
        json.WritePropertyName("attributes"u8);
        json.WriteRawValue(reader.GetString(10), skipInputValidation: true);
        if (reader.IsDBNull(11))
        {
            json.WriteNull("vendorId"u8);
        }
        else
        {
            json.WriteString("vendorId"u8, reader.GetGuid(11));
        }

        json.WriteStartObject("rating"u8);
        json.WriteNumber("average"u8, reader.GetDecimal(12));
        json.WriteNumber("count"u8, reader.GetInt32(13));
        json.WriteEndObject();
        json.WriteString("stockStatus"u8, reader.GetString(14));
        json.WriteString("createdAt"u8, reader.GetFieldValue<DateTimeOffset>(15));
        json.WriteString("updatedAt"u8, reader.GetFieldValue<DateTimeOffset>(16));
        json.WriteString("taxClass"u8, reader.GetString(18));
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, ReadOnlySpan<byte> name, string[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>The service's tokenizer: words of letters and digits, all required, the last as a prefix.</summary>
    public static string? ToTsQuery(string? text)
    {
        var terms = string.IsNullOrWhiteSpace(text) ? [] : Term().Matches(text).Select(m => m.Value.ToLowerInvariant()).Take(10).ToList();
        if (terms.Count == 0)
        {
            return null;
        }

        terms[^1] += ":*";
        return string.Join(" & ", terms);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await data.DisposeAsync();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Term();
}
