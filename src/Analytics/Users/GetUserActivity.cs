using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Analytics.Reports;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Analytics.Users;

/// <summary>
/// GET /api/analytics/user-activity: signups, active users, events by type and the shopping funnel
/// over [from, to). A user is active in a period when they sent a tracked client event with their
/// token, registered, placed an order or paid one then. The funnel counts events (not distinct
/// shoppers): product_view, add_to_cart and checkout_started client events, and paid orders.
/// </summary>
public static class GetUserActivity
{
    public const string ViewType = "product_view";
    public const string AddToCartType = "add_to_cart";
    public const string CheckoutType = "checkout_started";

    /// <summary>Integration events a user causes by acting; others (a role change, a stock level) are not their activity.</summary>
    private static readonly string[] ActivityEventTypes =
        [.. new[] { "UserRegistered", "OrderPlaced", "OrderPaid" }.Select(IntegrationEventRows.TypeOf)];

    public sealed record ActivityBucket(DateTimeOffset Bucket, int Events, int ActiveUsers, int Signups);

    public sealed record Funnel(int Views, int AddsToCart, int Checkouts, int PaidOrders);

    public sealed record Response(
        int Signups,
        int ActiveUsers,
        IReadOnlyDictionary<string, int> EventsByType,
        IReadOnlyList<ActivityBucket> Series,
        Funnel Funnel,
        DateTimeOffset From,
        DateTimeOffset To,
        string Interval);

    public static RouteGroupBuilder MapGetUserActivity(this RouteGroupBuilder group)
    {
        group.MapGet("/user-activity", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("GetUserActivity")
            .WithSummary("Signups, active users, events by type and the funnel over [from, to) by hour, day or month (admin)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem>> HandleAsync(
        string? from,
        string? to,
        string? interval,
        AnalyticsDb db,
        IOptions<AnalyticsOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!ReportWindow.TryRead(from, to, interval, clock.GetUtcNow(), options.Value.MaxBuckets, out var window, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The report query is not valid");
        }

        var (series, totals, byType) = await Snapshot.ReadAsync(db, async ct => (
            await SeriesAsync(db, window, ct),
            (await TotalsAsync(db, window, ct)).Single(),
            (await EventsByTypeAsync(db, window, ct)).ToDictionary(t => t.Type, t => t.Count, StringComparer.Ordinal)),
            cancellationToken);
        var funnel = new Funnel(byType.GetValueOrDefault(ViewType), byType.GetValueOrDefault(AddToCartType), byType.GetValueOrDefault(CheckoutType), totals.PaidOrders);
        return TypedResults.Ok(new Response(totals.Signups, totals.ActiveUsers, byType, series, funnel, window.From, window.To, window.Unit));
    }

    internal sealed record Totals(int Signups, int ActiveUsers, int PaidOrders);

    internal sealed record TypeCount(string Type, int Count);

    private static Task<List<ActivityBucket>> SeriesAsync(AnalyticsDb db, ReportWindow w, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<ActivityBucket>($"""
            WITH buckets AS (
                SELECT generate_series(
                    date_trunc({w.Unit}, {w.From} AT TIME ZONE 'UTC'),
                    date_trunc({w.Unit}, ({w.To} - interval '1 microsecond') AT TIME ZONE 'UTC'),
                    CAST({w.Step} AS interval)) AS b
            ),
            happened AS (
                SELECT date_trunc({w.Unit}, occurred_at AT TIME ZONE 'UTC') AS b,
                       count(*)::int AS events,
                       (count(DISTINCT user_id) FILTER (WHERE source = 'client' OR type = ANY({ActivityEventTypes})))::int AS active_users
                FROM analytics_events
                WHERE occurred_at >= {w.From} AND occurred_at < {w.To}
                GROUP BY 1
            ),
            joined AS (
                SELECT date_trunc({w.Unit}, registered_at AT TIME ZONE 'UTC') AS b, count(*)::int AS signups
                FROM signups
                WHERE registered_at >= {w.From} AND registered_at < {w.To}
                GROUP BY 1
            )
            SELECT buckets.b AT TIME ZONE 'UTC' AS bucket,
                   coalesce(happened.events, 0) AS events,
                   coalesce(happened.active_users, 0) AS active_users,
                   coalesce(joined.signups, 0) AS signups
            FROM buckets
            LEFT JOIN happened ON happened.b = buckets.b
            LEFT JOIN joined ON joined.b = buckets.b
            ORDER BY buckets.b
            """).ToListAsync(cancellationToken);

    /// <summary>Window totals: distinct users over the whole window, not a sum of the buckets' counts.</summary>
    private static Task<List<Totals>> TotalsAsync(AnalyticsDb db, ReportWindow w, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Totals>($"""
            SELECT (SELECT count(*)::int FROM signups WHERE registered_at >= {w.From} AND registered_at < {w.To}) AS signups,
                   (SELECT count(DISTINCT user_id)::int FROM analytics_events
                    WHERE occurred_at >= {w.From} AND occurred_at < {w.To}
                      AND (source = 'client' OR type = ANY({ActivityEventTypes}))) AS active_users,
                   (SELECT count(*)::int FROM paid_orders WHERE paid_at >= {w.From} AND paid_at < {w.To}) AS paid_orders
            """).ToListAsync(cancellationToken);

    private static Task<List<TypeCount>> EventsByTypeAsync(AnalyticsDb db, ReportWindow w, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<TypeCount>($"""
            SELECT type, count(*)::int AS count
            FROM analytics_events
            WHERE occurred_at >= {w.From} AND occurred_at < {w.To}
            GROUP BY type
            ORDER BY type
            """).ToListAsync(cancellationToken);
}
