using System.Diagnostics;
using Npgsql;

namespace Bazaar.Catalog.Bench;

/// <summary>
/// <c>--seed N</c>: tops the bench database up to N generated products in one INSERT ... SELECT
/// over generate_series (100,000 in seconds, where the API would take minutes), spread over the
/// categories already there (seed the demo catalog first). Names, tags and descriptions come from
/// the words the search scenario types; prices are log-uniform from 1 to 1,000; a fifth unrated,
/// the rest rated 1 to 5; 80% in stock, 10% low, 10% out; 2% archived. The search column is the
/// table's stored generated column, so PostgreSQL fills it as for any product. Deterministic
/// (setseed), and a second run adds nothing: the skus are BENCH-1 to BENCH-N.
/// </summary>
internal static class BenchSeed
{
    public const string Option = "--seed";

    private const string InsertSql = """
        WITH words AS (
            SELECT ARRAY['wireless', 'portable', 'compact', 'premium', 'classic', 'organic', 'ergonomic', 'smart'] AS adjectives,
                   ARRAY['headphones', 'speaker', 'laptop', 'coffee grinder', 'running shoes', 'yoga mat', 'garden hose',
                         'smartwatch', 'kettle', 'backpack', 'desk lamp', 'blender'] AS nouns,
                   ARRAY['audio', 'audio', 'computers', 'kitchen', 'sport', 'sport', 'garden', 'wearables', 'kitchen', 'travel', 'home', 'kitchen'] AS tags),
        shelves AS (SELECT array_agg(id ORDER BY slug) AS ids FROM categories WHERE deleted_at IS NULL),
        drawn AS (
            SELECT n, 1 + n % 8 AS adjective, 1 + (n / 8) % 12 AS noun, random() AS r_price, random() AS r_rating, random() AS r_stock, random() AS r_misc
            FROM generate_series(1, $1) AS n)
        INSERT INTO products (id, sku, name, description, category_id, price, currency, tags, images, attributes, vendor_id,
                              rating_average, rating_count, stock_status, available, created_at, updated_at, archived_at, tax_class)
        SELECT gen_random_uuid(), 'BENCH-' || d.n,
               initcap(w.adjectives[d.adjective] || ' ' || w.nouns[d.noun]) || ' ' || d.n,
               'A ' || w.adjectives[d.adjective] || ' ' || w.nouns[d.noun] || ' for every day, made to last.',
               s.ids[1 + (d.n * 7919) % array_length(s.ids, 1)],
               round(exp(d.r_price * ln(1000))::numeric, 2), 'USD',
               CASE WHEN d.r_misc < 0.2 THEN ARRAY[w.tags[d.noun], 'sale'] ELSE ARRAY[w.tags[d.noun]] END,
               '{}', '{}'::jsonb, NULL,
               CASE WHEN d.r_rating < 0.2 THEN 0 ELSE round((1 + 4 * (d.r_rating - 0.2) / 0.8)::numeric, 2) END,
               CASE WHEN d.r_rating < 0.2 THEN 0 ELSE 1 + (d.n % 300) END,
               CASE WHEN d.r_stock < 0.8 THEN 'in_stock' WHEN d.r_stock < 0.9 THEN 'low_stock' ELSE 'out_of_stock' END,
               CASE WHEN d.r_stock < 0.8 THEN 50 WHEN d.r_stock < 0.9 THEN 3 ELSE 0 END,
               now() - d.n * interval '1 minute', now() - d.n * interval '1 minute',
               CASE WHEN d.r_misc > 0.98 THEN now() END, 'standard'
        FROM drawn d CROSS JOIN words w CROSS JOIN shelves s
        ON CONFLICT (sku) DO NOTHING
        """;

    public static async Task RunAsync(string connectionString, int count)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlBatch(connection))
        {
            insert.BatchCommands.Add(new NpgsqlBatchCommand("SELECT setseed(0.42)"));
            insert.BatchCommands.Add(new NpgsqlBatchCommand(InsertSql) { Parameters = { new() { Value = count } } });
            insert.Timeout = 600;
            await insert.ExecuteNonQueryAsync();
        }

        // Statistics for the planner, and the visibility map that index-only scans read.
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE products", connection) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var total = new NpgsqlCommand("SELECT count(*) FILTER (WHERE archived_at IS NULL), count(*) FROM products", connection);
        await using var reader = await total.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"{reader.GetInt64(1)} products ({reader.GetInt64(0)} active) after seeding in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }
}
