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
/// The ceiling: the catalog's read queries, with the service's SQL (Catalog's ProductRows), as bare
/// minimal endpoints over Npgsql, with no auth, EF Core, telemetry, problem details or correlation
/// middleware; served by <see cref="CeilingProcess"/>. The difference to the real service is what
/// the service's stack costs on top of PostgreSQL and Kestrel.
/// </summary>
internal sealed partial class CeilingServer(WebApplication app, NpgsqlDataSource data) : IAsyncDisposable
{
    private const string Columns =
        "p.id, p.sku, p.name, p.description, p.category_id, c.name, p.price, p.currency, p.tags, p.images, p.attributes::text, " +
        "p.vendor_id, p.rating_average, p.rating_count, p.stock_status, p.created_at, p.updated_at, p.xmin, p.tax_class";

    public string Url { get; } = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<CeilingServer> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        var data = NpgsqlDataSource.Create(connectionString);
        var app = builder.Build();
        app.MapGet("/api/products", (string? q, int? page, int? pageSize) => ListAsync(data, q, page ?? 1, pageSize ?? 20));
        app.MapGet("/api/products/{id:guid}", async (Guid id) =>
            (await ReadAsync(data, $"SELECT {Columns} FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = $1 AND p.archived_at IS NULL", id))
                is [var product] ? Results.Ok(product) : Results.NotFound());
        await app.StartAsync();
        return new CeilingServer(app, data);
    }

    private static async Task<IResult> ListAsync(NpgsqlDataSource data, string? q, int page, int pageSize)
    {
        var search = ToTsQuery(q);
        var filter = search is null ? "p.archived_at IS NULL" : "p.archived_at IS NULL AND p.search_vector @@ to_tsquery('english', $1)";
        var order = search is null ? "p.created_at DESC, p.id DESC" : "ts_rank(p.search_vector, to_tsquery('english', $1)) DESC, p.created_at DESC, p.id";
        var limits = search is null ? "LIMIT $1 OFFSET $2" : "LIMIT $2 OFFSET $3";
        object[] pageArgs = search is null ? [pageSize, (page - 1) * pageSize] : [search, pageSize, (page - 1) * pageSize];

        await using var countCommand = data.CreateCommand($"SELECT count(*)::int FROM products p WHERE {filter}");
        if (search is not null)
        {
            countCommand.Parameters.Add(new NpgsqlParameter { Value = search });
        }

        var total = (int)(await countCommand.ExecuteScalarAsync())!;
        var items = await ReadAsync(data, $"SELECT {Columns} FROM products p JOIN categories c ON c.id = p.category_id WHERE {filter} ORDER BY {order} {limits}", pageArgs);
        return Results.Ok(new ProductPage(items, page, pageSize, total, (int)Math.Ceiling(total / (double)pageSize)));
    }

    private static async Task<List<Product>> ReadAsync(NpgsqlDataSource data, string sql, params object[] args)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        var items = new List<Product>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new Product(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), reader.GetString(5),
                reader.GetDecimal(6), reader.GetString(7), reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10))!,
                reader.IsDBNull(11) ? null : reader.GetGuid(11), new Rating(reader.GetDecimal(12), reader.GetInt32(13)),
                reader.GetString(14), reader.GetFieldValue<DateTimeOffset>(15), reader.GetFieldValue<DateTimeOffset>(16)));
        }

        return items;
    }

    /// <summary>The service's tokenizer: words of letters and digits, all required, the last as a prefix.</summary>
    private static string? ToTsQuery(string? text)
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

    private sealed record Rating(decimal Average, int Count);

    private sealed record Product(
        Guid Id, string Sku, string Name, string Description, Guid CategoryId, string CategoryName, decimal Price, string Currency,
        string[] Tags, string[] Images, Dictionary<string, string> Attributes, Guid? VendorId, Rating Rating, string StockStatus,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record ProductPage(List<Product> Items, int Page, int PageSize, int TotalCount, int TotalPages);
}
