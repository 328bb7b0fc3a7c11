using System.Text.RegularExpressions;
using Bazaar.Analytics.Data;
using Bazaar.Analytics.Reports;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Analytics.Sales;

/// <summary>
/// GET /api/analytics/sales: revenue and orders over time, in one currency. A sale counts when it
/// was paid; a refund counts, negatively, when it was given back (as a shop's books would have it),
/// so a past bucket never changes. <c>totalRevenue</c> and each bucket's <c>revenue</c> are net of
/// refunds; <c>grossRevenue</c> and <c>refunds</c> show the two parts; <c>averageOrderValue</c> is
/// gross revenue per paid order. Top products are by revenue of their paid lines (refunds are per
/// order, so they are not split over products).
/// </summary>
public static partial class GetSales
{
    public sealed record SalesBucket(DateTimeOffset Bucket, decimal Revenue, int Orders, decimal Refunds);

    public sealed record TopProduct(Guid ProductId, string Name, long Quantity, decimal Revenue);

    public sealed record Response(
        decimal TotalRevenue,
        int OrderCount,
        decimal AverageOrderValue,
        string Currency,
        IReadOnlyList<SalesBucket> Series,
        IReadOnlyList<TopProduct> TopProducts,
        decimal GrossRevenue,
        decimal Refunds,
        DateTimeOffset From,
        DateTimeOffset To,
        string Interval);

    public static RouteGroupBuilder MapGetSales(this RouteGroupBuilder group)
    {
        group.MapGet("/sales", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("GetSales")
            .WithSummary("Revenue, orders and top products over [from, to) by hour, day or month (admin)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem>> HandleAsync(
        string? from,
        string? to,
        string? interval,
        string? currency,
        AnalyticsDb db,
        IOptions<AnalyticsOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!ReportWindow.TryRead(from, to, interval, clock.GetUtcNow(), settings.MaxBuckets, out var window, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The report query is not valid");
        }

        var money = string.IsNullOrWhiteSpace(currency) ? settings.Currency : currency.Trim().ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(money))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["currency"] = ["'currency' must be an ISO 4217 code such as USD."] },
                title: "The report query is not valid");
        }

        var (rows, top) = await Snapshot.ReadAsync(db, async ct => (
            await SeriesAsync(db, window, money, ct),
            await TopProductsAsync(db, window, money, settings.TopProducts, ct)),
            cancellationToken);
        var series = rows.Select(r => new SalesBucket(r.Bucket, r.Gross - r.Refunds, r.Orders, r.Refunds)).ToList();
        var gross = rows.Sum(r => r.Gross);
        var refunds = rows.Sum(r => r.Refunds);
        var orders = rows.Sum(r => r.Orders);
        var average = orders == 0 ? 0m : Math.Round(gross / orders, 2, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new Response(
            gross - refunds, orders, average, money, series, top, gross, refunds, window.From, window.To, window.Unit));
    }

    internal sealed record SeriesRow(DateTimeOffset Bucket, decimal Gross, int Orders, decimal Refunds);

    /// <summary>One row per bucket, empty buckets included (generate_series), in UTC.</summary>
    private static Task<List<SeriesRow>> SeriesAsync(AnalyticsDb db, ReportWindow w, string currency, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<SeriesRow>($"""
            WITH buckets AS (
                SELECT generate_series(
                    date_trunc({w.Unit}, {w.From} AT TIME ZONE 'UTC'),
                    date_trunc({w.Unit}, ({w.To} - interval '1 microsecond') AT TIME ZONE 'UTC'),
                    CAST({w.Step} AS interval)) AS b
            ),
            paid AS (
                SELECT date_trunc({w.Unit}, paid_at AT TIME ZONE 'UTC') AS b, sum(total) AS gross, count(*)::int AS orders
                FROM paid_orders
                WHERE currency = {currency} AND paid_at >= {w.From} AND paid_at < {w.To}
                GROUP BY 1
            ),
            refunded AS (
                SELECT date_trunc({w.Unit}, refunded_at AT TIME ZONE 'UTC') AS b, sum(amount) AS refunds
                FROM refunds
                WHERE currency = {currency} AND refunded_at >= {w.From} AND refunded_at < {w.To}
                GROUP BY 1
            )
            SELECT buckets.b AT TIME ZONE 'UTC' AS bucket,
                   coalesce(paid.gross, 0) AS gross,
                   coalesce(paid.orders, 0) AS orders,
                   coalesce(refunded.refunds, 0) AS refunds
            FROM buckets
            LEFT JOIN paid ON paid.b = buckets.b
            LEFT JOIN refunded ON refunded.b = buckets.b
            ORDER BY buckets.b
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// Best sellers by revenue; a renamed product shows its latest name in the window. The name is
    /// looked up for the few products listed only (by their last sale, on the (currency, paid_at)
    /// index), not sorted out of every line of the window, which was most of the report's time.
    /// </summary>
    private static Task<List<TopProduct>> TopProductsAsync(AnalyticsDb db, ReportWindow w, string currency, int limit, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<TopProduct>($"""
            WITH top AS (
                SELECT product_id,
                       sum(quantity)::bigint AS quantity,
                       sum(quantity * unit_price) AS revenue,
                       max(paid_at) AS last_paid_at
                FROM sold_lines
                WHERE currency = {currency} AND paid_at >= {w.From} AND paid_at < {w.To}
                GROUP BY product_id
                ORDER BY 3 DESC, 2 DESC, 1
                LIMIT {limit}
            )
            SELECT top.product_id,
                   (SELECT s.product_name
                    FROM sold_lines s
                    WHERE s.currency = {currency} AND s.paid_at = top.last_paid_at AND s.product_id = top.product_id
                    ORDER BY s.order_id DESC, s.line_number DESC
                    LIMIT 1) AS name,
                   top.quantity,
                   top.revenue
            FROM top
            ORDER BY top.revenue DESC, top.quantity DESC, top.product_id
            """).ToListAsync(cancellationToken);

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}
