using System.Net;
using System.Net.Http.Json;
using Bazaar.Analytics.Data;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bazaar.Analytics.Tests.Events;

/// <summary>analytics_events is partitioned by month (UTC); rows land in their month's partition.</summary>
public sealed class PartitionTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateTimeOffset ThisMonth
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }
    }

    private Task<List<string>> PartitionsAsync() => app.WithDbAsync(db => db.Database.SqlQuery<string>($"""
        SELECT inhrelid::regclass::text AS "Value" FROM pg_inherits WHERE inhparent = 'analytics_events'::regclass ORDER BY 1
        """).ToListAsync(Cancel));

    /// <summary>The partition of each event row about <paramref name="orderId"/>.</summary>
    private Task<List<string>> PartitionOfOrderAsync(Guid orderId) => app.WithDbAsync(db => db.Database.SqlQuery<string>($"""
        SELECT tableoid::regclass::text AS "Value" FROM analytics_events WHERE order_id = {orderId}
        """).ToListAsync(Cancel));

    [Fact]
    public async Task Start_PartitionsForThisAndUpcomingMonthsAndDefault()
    {
        var expected = Enumerable.Range(0, 4).Select(m => MonthlyPartitions.NameFor(ThisMonth.AddMonths(m))).Append(MonthlyPartitions.DefaultPartition);

        await Eventually.HoldsAsync(async () => expected.All((await PartitionsAsync()).Contains), AnalyticsApp.Timeout, "the upcoming partitions exist");
    }

    [Fact]
    public async Task TrackedEvent_LandsInThisMonthsPartition()
    {
        using var client = app.CreateClient();
        var session = $"session-{Guid.NewGuid():N}";

        var response = await client.PostAsJsonAsync("/api/analytics/event", new { type = "product_view", sessionId = session }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var partition = await app.WithDbAsync(db => db.Database.SqlQuery<string>($"""
            SELECT tableoid::regclass::text AS "Value" FROM analytics_events WHERE session_id = {session}
            """).SingleAsync(Cancel));
        Assert.Equal(MonthlyPartitions.NameFor(DateTimeOffset.UtcNow), partition);
    }

    [Fact]
    public async Task OldEvent_InDefaultPartition_MovesWhenItsMonthGetsOne()
    {
        var paid = new OrderPaid(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), [new OrderLine(Guid.CreateVersion7(), "Lamp", 1, 30m)], 30m, "USD", new DateTimeOffset(2019, 7, 14, 23, 30, 0, TimeSpan.FromHours(-2)));
        await app.HandledAsync(paid);
        Assert.Equal([MonthlyPartitions.DefaultPartition], await PartitionOfOrderAsync(paid.OrderId));

        await app.WithDbAsync(async db =>
        {
            await MonthlyPartitions.EnsureAsync(db, new DateTimeOffset(2019, 7, 1, 0, 0, 0, TimeSpan.Zero), Cancel);
            await MonthlyPartitions.EnsureAsync(db, new DateTimeOffset(2019, 7, 1, 0, 0, 0, TimeSpan.Zero), Cancel); // a second call changes nothing
            return true;
        });

        // 23:30 at UTC-2 is 01:30 UTC on July 15.
        Assert.Equal(["analytics_events_2019_07"], await PartitionOfOrderAsync(paid.OrderId));
        using var admin = app.Admin();
        var sales = (await admin.GetFromJsonAsync<SalesBody>("/api/analytics/sales?from=2019-07-15T00:00:00Z&to=2019-07-16T00:00:00Z", Cancel))!;
        Assert.Equal((1, 30m), (sales.OrderCount, sales.TotalRevenue));
    }

    [Fact]
    public async Task EventOfTheMonth_InsertedWhileItsPartitionIsMade_EndsInIt()
    {
        // An event of March 2016 is written (so routed to DEFAULT) but not yet committed when the
        // month's partition is made: the move must wait for it, not attach past it (23514).
        var month = new DateTimeOffset(2016, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var session = $"session-{Guid.NewGuid():N}";
        await using var writer = new NpgsqlConnection(app.DatabaseConnectionString);
        await writer.OpenAsync(Cancel);
        await using var transaction = await writer.BeginTransactionAsync(Cancel);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO analytics_events (id, type, session_id, properties, occurred_at, source) VALUES ($1, 'product_view', $2, '{}', $3, 'client')", writer, transaction))
        {
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = session });
            insert.Parameters.Add(new() { Value = month.AddDays(20) });
            await insert.ExecuteNonQueryAsync(Cancel);
        }

        await using var making = app.Services.CreateAsyncScope();
        var partitioning = MonthlyPartitions.EnsureAsync(making.ServiceProvider.GetRequiredService<AnalyticsDb>(), month, Cancel);
        await Eventually.HoldsAsync(
            async () => partitioning.IsCompleted || await app.WithDbAsync(db => db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%analytics_ensure_month_partition%'
                """).SingleAsync(Cancel)) > 0,
            AnalyticsApp.Timeout,
            "the partition's making waits for the open insert");
        await transaction.CommitAsync(Cancel);
        await partitioning;

        var partition = await app.WithDbAsync(db => db.Database.SqlQuery<string>($"""
            SELECT tableoid::regclass::text AS "Value" FROM analytics_events WHERE session_id = {session}
            """).SingleAsync(Cancel));
        Assert.Equal(MonthlyPartitions.NameFor(month), partition);
    }

    [Fact]
    public async Task EventAtMonthEnd_UtcDecidesThePartition()
    {
        var month = ThisMonth.AddMonths(1);
        var lastInstant = month.AddMonths(1).AddTicks(-10);
        IIntegrationEvent[] events =
        [
            new OrderShipped(Guid.CreateVersion7(), Guid.CreateVersion7(), "UPS", "1Z", month),
            new OrderShipped(Guid.CreateVersion7(), Guid.CreateVersion7(), "UPS", "1Z", lastInstant),
        ];

        foreach (var @event in events)
        {
            await app.HandledAsync(@event);
            Assert.Equal([MonthlyPartitions.NameFor(month)], await PartitionOfOrderAsync(((OrderShipped)@event).OrderId));
        }
    }
}
