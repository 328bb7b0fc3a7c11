using System.Net.Http.Json;
using Bazaar.Analytics.Data;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Analytics.Tests.Events;

/// <summary>
/// Analytics scaled to two replicas: two consumers on its queue, and two partition checks creating
/// the same month's partition while events of that month arrive.
/// </summary>
public sealed class TwoInstancesTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Month = new(2017, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Events_TwoInstancesWhileBothCreateTheMonthsPartition_EachCountedOnce()
    {
        await using var second = new AnotherInstance<AnalyticsDb>(app, ["Analytics"]);
        _ = second.Server;

        // Thirty sales of a month with no partition yet, each delivered twice; meanwhile both
        // instances create that month's partition, moving its rows out of DEFAULT.
        var sales = Enumerable.Range(0, 30).Select(n => (MessageId: Guid.CreateVersion7(), Paid: new OrderPaid(
            Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), [new OrderLine(Guid.CreateVersion7(), "Lamp", 1, 10m)], 10m, "USD", Month.AddDays(9).AddMinutes(n)))).ToList();
        var publishing = Task.WhenAll(sales.Select(async s =>
        {
            await app.PublishAsync(s.Paid, s.MessageId);
            await app.PublishAsync(s.Paid, s.MessageId);
        }));
        // Months of the year before get no events: only their partitions are raced for, four
        // calls a month (two an instance) at once, as replicas' checks after a rollout.
        var months = Enumerable.Range(0, 12).Select(n => Month.AddMonths(-12 + n)).Append(Month);
        var instances = new[] { app.Services, second.Services, app.Services, second.Services };
        await Task.WhenAll(months.SelectMany(month => instances.Select(services => EnsureMonthAsync(services, month))).Append(publishing));

        var orders = sales.Select(s => s.Paid.OrderId).ToList();
        await Eventually.HoldsAsync(async () => (await RowsAsync(orders)).Count >= orders.Count, AnalyticsApp.Timeout, "every sale recorded");
        await Eventually.HoldsAsync(async () => await app.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(Cancel)) >= orders.Count, AnalyticsApp.Timeout, "every message handled");
        // Stopped, the second instance finishes what it holds; what is left in the queue is copies.
        await second.DisposeAsync();
        await EnsureMonthAsync(app.Services, Month);

        var rows = await RowsAsync(orders);
        Assert.Equal(orders.Order(), rows.Select(r => r.OrderId).Order());
        Assert.All(rows, r => Assert.Equal(MonthlyPartitions.NameFor(Month), r.Partition));
        using var admin = app.Admin();
        var report = (await admin.GetFromJsonAsync<SalesBody>("/api/analytics/sales?from=2017-05-10T00:00:00Z&to=2017-05-11T00:00:00Z", Cancel))!;
        Assert.Equal((30, 300m), (report.OrderCount, report.TotalRevenue));
    }

    private static async Task EnsureMonthAsync(IServiceProvider services, DateTimeOffset month)
    {
        await using var scope = services.CreateAsyncScope();
        await MonthlyPartitions.EnsureAsync(scope.ServiceProvider.GetRequiredService<AnalyticsDb>(), month, Cancel);
    }

    private Task<List<Row>> RowsAsync(List<Guid> orders) => app.WithDbAsync(db => db.Database.SqlQuery<Row>($"""
        SELECT order_id, tableoid::regclass::text AS "partition" FROM analytics_events WHERE order_id = ANY({orders})
        """).ToListAsync(Cancel));

    private sealed record Row(Guid OrderId, string Partition);
}
