using Npgsql;

namespace Bazaar.Analytics.Bench;

/// <summary>
/// Loads a synthetic but consistent history straight in SQL (generate_series): paid orders with
/// their lines, some refunds, an analytics event for each of those, and client events (views,
/// adds to cart, checkouts) up to the requested total, spread evenly over [start, end).
/// </summary>
internal static class SalesData
{
    public sealed record Counts(long Events, long Orders, long Lines, long Refunds);

    public static async Task<Counts> LoadAsync(NpgsqlConnection connection, long events, DateTime start, DateTime end)
    {
        var orders = events / 10;
        var seconds = (end - start).TotalSeconds;

        // The service would have made each month's partition as the month came; do the same for the past.
        for (var month = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc); month < end; month = month.AddMonths(1))
        {
            await ExecuteAsync(connection, "SELECT analytics_ensure_month_partition(@day)", ("day", DateOnly.FromDateTime(month)));
        }

        await ExecuteAsync(connection, """
            CREATE FUNCTION pg_temp.bench_uuid(kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
            AS $$ SELECT (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$
            """);

        // 1 to 5 lines per order (3 on average) over 500 products; one order in 20 in EUR.
        await ExecuteAsync(connection, """
            INSERT INTO sold_lines (order_id, line_number, product_id, product_name, quantity, unit_price, currency, paid_at)
            SELECT pg_temp.bench_uuid(1, i), n, pg_temp.bench_uuid(2, p), 'Product ' || p, 1 + (i + n) % 3,
                   (5 + (p % 50) * 1.5)::numeric(18, 2), CASE WHEN i % 20 = 0 THEN 'EUR' ELSE 'USD' END,
                   @start + make_interval(secs => (i - 1) * @seconds / @orders)
            FROM generate_series(1, @orders) AS i
            CROSS JOIN LATERAL generate_series(1, 1 + (i % 5)::int) AS n
            CROSS JOIN LATERAL (SELECT ((i * 7919 + n * 104729) % 500 + 1)::int AS p) AS product
            """, ("start", start), ("seconds", seconds), ("orders", orders));

        await ExecuteAsync(connection, """
            INSERT INTO paid_orders (order_id, user_id, total, currency, paid_at)
            SELECT order_id, pg_temp.bench_uuid(3, abs(hashtext(order_id::text)) % 20000), sum(quantity * unit_price), currency, paid_at
            FROM sold_lines GROUP BY order_id, currency, paid_at
            """);

        // One order in 25 is refunded 27 hours after payment, half of them in full, half in part.
        await ExecuteAsync(connection, """
            INSERT INTO refunds (order_id, refunded_at, amount, currency)
            SELECT order_id, paid_at + interval '27 hours',
                   CASE WHEN abs(hashtext(order_id::text)) % 2 = 0 THEN total ELSE round(total / 2, 2) END, currency
            FROM paid_orders
            WHERE abs(hashtext(order_id::text)) % 25 = 0 AND paid_at + interval '27 hours' < @end
            """, ("end", end));

        await ExecuteAsync(connection, """
            INSERT INTO analytics_events (id, occurred_at, type, user_id, product_id, order_id, session_id, properties, source)
            SELECT gen_random_uuid(), paid_at, 'order_paid', user_id, NULL, order_id, NULL,
                   jsonb_build_object('orderId', order_id, 'userId', user_id, 'totalPrice', total, 'currency', currency, 'paidAt', paid_at),
                   'OrderPaid'
            FROM paid_orders;
            INSERT INTO analytics_events (id, occurred_at, type, user_id, product_id, order_id, session_id, properties, source)
            SELECT gen_random_uuid(), r.refunded_at, 'order_refunded', o.user_id, NULL, r.order_id, NULL,
                   jsonb_build_object('orderId', r.order_id, 'userId', o.user_id, 'amount', r.amount, 'currency', r.currency, 'refundedAt', r.refunded_at),
                   'OrderRefunded'
            FROM refunds r JOIN paid_orders o USING (order_id);
            """);

        var recorded = await ScalarAsync(connection, "SELECT count(*) FROM analytics_events");
        var client = events - recorded;

        // 70% views, 20% adds to cart, 10% checkouts; a third anonymous.
        await ExecuteAsync(connection, """
            INSERT INTO analytics_events (id, occurred_at, type, user_id, product_id, order_id, session_id, properties, source)
            SELECT gen_random_uuid(), @start + make_interval(secs => (j - 1) * @seconds / @client),
                   CASE j % 10 WHEN 7 THEN 'add_to_cart' WHEN 8 THEN 'add_to_cart' WHEN 9 THEN 'checkout_started' ELSE 'product_view' END,
                   CASE WHEN j % 3 = 0 THEN NULL ELSE pg_temp.bench_uuid(3, j % 20000) END,
                   pg_temp.bench_uuid(2, j % 500 + 1), NULL, 'session-' || (j / 20), '{}'::jsonb, 'client'
            FROM generate_series(1, @client) AS j
            """, ("start", start), ("seconds", seconds), ("client", client));

        await ExecuteAsync(connection, "VACUUM ANALYZE");
        return new Counts(
            await ScalarAsync(connection, "SELECT count(*) FROM analytics_events"),
            await ScalarAsync(connection, "SELECT count(*) FROM paid_orders"),
            await ScalarAsync(connection, "SELECT count(*) FROM sold_lines"),
            await ScalarAsync(connection, "SELECT count(*) FROM refunds"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
