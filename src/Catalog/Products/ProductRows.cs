using System.Text.Json;
using Bazaar.Catalog.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Catalog.Products;

/// <summary>
/// The shopper-facing reads (one product, a page of a list or of a search) as plain SQL over the
/// context's own connection. These are the busiest routes, and for queries this cheap EF Core's
/// per-query work (building the LINQ tree, hashing it to find the compiled query, rewriting named
/// parameters, shaping) was about a quarter of the CPU of a get. Everything else stays on EF Core.
/// The SQL is also the ceiling's in bench/Catalog.Bench (docs/performance.md).
/// </summary>
internal static class ProductRows
{
    public const string Select =
        "SELECT p.id, p.sku, p.name, p.description, p.category_id, c.name, p.price, p.currency, p.tags, p.images, p.attributes::text, " +
        "p.vendor_id, p.rating_average, p.rating_count, p.stock_status, p.created_at, p.updated_at, p.xmin, p.tax_class " +
        "FROM products p JOIN categories c ON c.id = p.category_id";

    /// <summary>
    /// Runs <paramref name="work"/> on the context's connection, opened for it and closed after,
    /// under the context's execution strategy (so a transient failure is retried as EF Core's own
    /// queries are).
    /// </summary>
    public static Task<T> RunAsync<T>(CatalogDb db, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, work),
            static async (state, cancellationToken) =>
            {
                await state.db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    return await state.work((NpgsqlConnection)state.db.Database.GetDbConnection(), cancellationToken);
                }
                finally
                {
                    await state.db.Database.CloseConnectionAsync();
                }
            },
            cancellationToken);

    /// <summary>A command with positional parameters ($1, $2, ...), which Npgsql sends without rewriting the SQL.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, IReadOnlyList<object> arguments)
    {
        var command = new NpgsqlCommand(sql, connection);
        Bind(command.Parameters, arguments);
        return command;
    }

    /// <summary>The arguments as positional parameters, in order ($1 first).</summary>
    public static void Bind(NpgsqlParameterCollection parameters, IReadOnlyList<object> arguments)
    {
        foreach (var argument in arguments)
        {
            parameters.Add(new NpgsqlParameter { Value = argument });
        }
    }

    /// <summary>Reads rows selected with <see cref="Select"/>, mapped as EF Core maps the entity (see CatalogDb).</summary>
    public static async Task<List<ProductResponse>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadRowsAsync(reader, cancellationToken);
    }

    /// <summary>Reads the reader's current result, rows selected with <see cref="Select"/>.</summary>
    public static async Task<List<ProductResponse>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var products = new List<ProductResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new ProductResponse(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetGuid(4),
                reader.GetString(5),
                reader.GetDecimal(6),
                reader.GetString(7),
                reader.GetFieldValue<string[]>(8),
                reader.GetFieldValue<string[]>(9),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10), JsonSerializerOptions.Default) ?? [],
                reader.IsDBNull(11) ? null : reader.GetGuid(11),
                new RatingResponse(reader.GetDecimal(12), reader.GetInt32(13)),
                Product.FromWire(reader.GetString(14)) ?? StockStatus.OutOfStock,
                reader.GetFieldValue<DateTimeOffset>(15),
                reader.GetFieldValue<DateTimeOffset>(16),
                reader.GetString(18),
                reader.GetFieldValue<uint>(17)));
        }

        return products;
    }
}
