using System.Globalization;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Analytics.Tests.Sales;

/// <summary>
/// One fixed set of paid and refunded orders, from 30 January to 3 February 2020 (two months, a
/// few days, several hours), and the report an admin gets for it by hour, day and month. Every
/// expected figure below was worked out by hand from the list of events, not by the service's SQL.
/// </summary>
public sealed class SalesFiguresTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static readonly Guid Lamp = Guid.CreateVersion7();
    private static readonly Guid Rug = Guid.CreateVersion7();
    private static readonly Guid Vase = Guid.CreateVersion7();

    // Published once for the class; the theory's cases all read the same events.
    private static Task? published;

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    private static OrderPaid Paid(string paidAt, string currency, params OrderLine[] lines) => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), lines, lines.Sum(l => l.Quantity * l.UnitPrice), currency, At(paidAt));

    private static OrderRefunded Refund(OrderPaid order, decimal amount, string refundedAt) =>
        new(order.OrderId, order.UserId, amount, "USD", At(refundedAt));

    private async Task PublishAllAsync()
    {
        var a = Paid("2020-01-31T22:15:00Z", "USD", new OrderLine(Lamp, "Lamp", 1, 30.00m), new OrderLine(Rug, "Rug", 2, 12.50m)); // 55.00
        var b = Paid("2020-01-31T22:45:00Z", "USD", new OrderLine(Vase, "Vase", 3, 8.00m)); // 24.00
        IIntegrationEvent[] events =
        [
            Paid("2020-02-01T01:00:00Z", "EUR", new OrderLine(Lamp, "Lamp", 5, 30.00m)), // another currency: never counted
            Paid("2020-01-30T10:00:00Z", "USD", new OrderLine(Rug, "Rug", 4, 12.50m)), // 50.00
            a,
            b,
            Paid("2020-01-31T23:59:59Z", "USD", new OrderLine(Lamp, "Lamp", 2, 30.00m)), // 60.00
            Paid("2020-02-01T00:00:00Z", "USD", new OrderLine(Rug, "Rug", 1, 12.50m)), // 12.50, on the hour, day and month boundary
            Paid("2020-02-01T01:30:00Z", "USD", new OrderLine(Vase, "Vase", 1, 8.00m), new OrderLine(Lamp, "Desk lamp", 1, 30.00m)), // 38.00, lamp renamed
            Refund(a, 25.00m, "2020-02-01T01:10:00Z"), // the rugs of a
            Refund(b, 24.00m, "2020-02-01T03:05:00Z"), // all of b: an hour with only a refund
            Paid("2020-02-03T00:00:00Z", "USD", new OrderLine(Vase, "Vase", 2, 8.00m)), // 16.00, at the day report's 'to'
        ];
        foreach (var @event in events)
        {
            await app.PublishAsync(@event);
        }
    }

    public static TheoryData<string> Intervals => ["hour", "day", "month"];

    [Theory]
    [MemberData(nameof(Intervals))]
    public async Task Sales_KnownPaidAndRefundedOrders_EqualHandComputedFigures(string interval)
    {
        published ??= PublishAllAsync();
        await published;
        // Messages are handled one at a time in publishing order: once the last order and both
        // refunds count in the widest window, every event has been handled.
        await app.ReportWhenAsync<SalesBody>(
            "/api/analytics/sales?from=2020-01-01T00:00:00Z&to=2020-04-01T00:00:00Z&interval=month",
            s => s is { OrderCount: 7, Refunds: 49.00m });
        var expected = Expected(interval);

        var sales = await app.ReportWhenAsync<SalesBody>(expected.Url, _ => true);

        Assert.Equal(
            (expected.Total, expected.Orders, expected.Average, "USD", expected.Gross, expected.Refunds),
            (sales.TotalRevenue, sales.OrderCount, sales.AverageOrderValue, sales.Currency, sales.GrossRevenue, sales.Refunds));
        Assert.Equal(expected.Series, sales.Series);
        Assert.Equal(expected.Top, sales.TopProducts);
    }

    private sealed record Figures(
        string Url, decimal Total, int Orders, decimal Average, decimal Gross, decimal Refunds,
        SalesBucketBody[] Series, TopProductBody[] Top);

    private static SalesBucketBody Bucket(string at, decimal revenue, int orders, decimal refunds) => new(At(at), revenue, orders, refunds);

    private static Figures Expected(string interval) => interval switch
    {
        // 22h: 55 + 24; 23h: 60; 00h: 12.50; 01h: 38 less the 25 refunded; 02h: nothing; 03h: only the 24 refunded.
        // Gross 189.50 over 5 orders = 37.90; net 189.50 - 49 = 140.50.
        "hour" => new(
            "/api/analytics/sales?from=2020-01-31T22:00:00Z&to=2020-02-01T04:00:00Z&interval=hour",
            140.50m, 5, 37.90m, 189.50m, 49.00m,
            [
                Bucket("2020-01-31T22:00:00Z", 79.00m, 2, 0m),
                Bucket("2020-01-31T23:00:00Z", 60.00m, 1, 0m),
                Bucket("2020-02-01T00:00:00Z", 12.50m, 1, 0m),
                Bucket("2020-02-01T01:00:00Z", 13.00m, 1, 25.00m),
                Bucket("2020-02-01T02:00:00Z", 0m, 0, 0m),
                Bucket("2020-02-01T03:00:00Z", -24.00m, 0, 24.00m),
            ],
            [
                new(Lamp, "Desk lamp", 4, 120.00m), // 1 + 2 + 1 at 30.00
                new(Rug, "Rug", 3, 37.50m), // 2 + 1 at 12.50
                new(Vase, "Vase", 4, 32.00m), // 3 + 1 at 8.00
            ]),
        // 30th: 50; 31st: 55 + 24 + 60; 1st: 12.50 + 38 less 25 + 24; 2nd: nothing (the 3rd is 'to').
        // Gross 239.50 over 6 orders = 39.9166... = 39.92; net 239.50 - 49 = 190.50.
        "day" => new(
            "/api/analytics/sales?from=2020-01-30T00:00:00Z&to=2020-02-03T00:00:00Z&interval=day",
            190.50m, 6, 39.92m, 239.50m, 49.00m,
            [
                Bucket("2020-01-30T00:00:00Z", 50.00m, 1, 0m),
                Bucket("2020-01-31T00:00:00Z", 139.00m, 3, 0m),
                Bucket("2020-02-01T00:00:00Z", 1.50m, 2, 49.00m),
                Bucket("2020-02-02T00:00:00Z", 0m, 0, 0m),
            ],
            [
                new(Lamp, "Desk lamp", 4, 120.00m),
                new(Rug, "Rug", 7, 87.50m), // 4 + 2 + 1 at 12.50
                new(Vase, "Vase", 4, 32.00m),
            ]),
        // January: 50 + 55 + 24 + 60; February: 12.50 + 38 + 16 less 49; March: nothing.
        // Gross 255.50 over 7 orders = 36.50; net 255.50 - 49 = 206.50.
        "month" => new(
            "/api/analytics/sales?from=2020-01-01T00:00:00Z&to=2020-04-01T00:00:00Z&interval=month",
            206.50m, 7, 36.50m, 255.50m, 49.00m,
            [
                Bucket("2020-01-01T00:00:00Z", 189.00m, 4, 0m),
                Bucket("2020-02-01T00:00:00Z", 17.50m, 3, 49.00m),
                Bucket("2020-03-01T00:00:00Z", 0m, 0, 0m),
            ],
            [
                new(Lamp, "Desk lamp", 4, 120.00m),
                new(Rug, "Rug", 7, 87.50m),
                new(Vase, "Vase", 6, 48.00m), // 3 + 1 + 2 at 8.00
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "hour, day or month"),
    };
}
