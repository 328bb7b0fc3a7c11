using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Tests.Sales;

/// <summary>
/// Sales as an admin sees them after Ordering announced paid orders. Each test reads a window of
/// its own in the past, so tests sharing the database never count each other's orders.
/// </summary>
public sealed class SalesReportTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static readonly Guid Mug = Guid.CreateVersion7();
    private static readonly Guid Tea = Guid.CreateVersion7();
    private static readonly Guid Kettle = Guid.CreateVersion7();

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    private static OrderPaid Paid(string paidAt, params OrderLine[] lines) => Paid(Guid.CreateVersion7(), paidAt, "USD", lines);

    private static OrderPaid Paid(Guid orderId, string paidAt, string currency, params OrderLine[] lines) => new(
        orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), lines, lines.Sum(l => l.Quantity * l.UnitPrice), currency, At(paidAt));

    [Fact]
    public async Task Sales_PaidOrdersOverDays_TotalsSeriesWithZeroBucketsAndTopProducts()
    {
        var refunded = Paid("2024-03-10T09:00:00Z", new OrderLine(Mug, "Mug", 2, 10.00m), new OrderLine(Tea, "Tea", 1, 5.50m));
        IIntegrationEvent[] events =
        [
            Paid(Guid.CreateVersion7(), "2024-03-11T12:00:00Z", "EUR", new OrderLine(Mug, "Mug", 9, 10.00m)), // another currency
            Paid("2024-03-15T00:00:00Z", new OrderLine(Kettle, "Kettle", 5, 40.00m)), // at 'to': outside [from, to)
            refunded,
            Paid("2024-03-12T23:30:00Z", new OrderLine(Mug, "Mug, stoneware", 1, 10.00m)),
            Paid("2024-03-12T01:00:00Z", new OrderLine(Kettle, "Kettle", 1, 40.00m)),
            new OrderRefunded(refunded.OrderId, refunded.UserId, 5.50m, "USD", At("2024-03-13T10:00:00Z")),
        ];
        foreach (var @event in events)
        {
            await app.PublishAsync(@event);
        }

        var sales = await app.ReportWhenAsync<SalesBody>(
            "/api/analytics/sales?from=2024-03-10T00:00:00Z&to=2024-03-15T00:00:00Z&interval=day",
            s => s is { OrderCount: 3, Refunds: 5.50m });

        Assert.Equal((75.50m, 5.50m, 70.00m, 25.17m, "USD"), (sales.GrossRevenue, sales.Refunds, sales.TotalRevenue, sales.AverageOrderValue, sales.Currency));
        Assert.Equal(
            [
                new SalesBucketBody(At("2024-03-10T00:00:00Z"), 25.50m, 1, 0m),
                new SalesBucketBody(At("2024-03-11T00:00:00Z"), 0m, 0, 0m),
                new SalesBucketBody(At("2024-03-12T00:00:00Z"), 50.00m, 2, 0m),
                new SalesBucketBody(At("2024-03-13T00:00:00Z"), -5.50m, 0, 5.50m),
                new SalesBucketBody(At("2024-03-14T00:00:00Z"), 0m, 0, 0m),
            ],
            sales.Series);
        Assert.Equal(
            [
                new TopProductBody(Kettle, "Kettle", 1, 40.00m),
                new TopProductBody(Mug, "Mug, stoneware", 3, 30.00m),
                new TopProductBody(Tea, "Tea", 1, 5.50m),
            ],
            sales.TopProducts);
    }

    [Fact]
    public async Task Sales_SameOrderPaidOrRefundDeliveredTwice_CountsOnce()
    {
        var once = Paid("2023-06-01T10:15:00Z", new OrderLine(Mug, "Mug", 1, 12.00m));
        var refund = new OrderRefunded(once.OrderId, once.UserId, 2.00m, "USD", At("2023-06-01T12:10:00Z"));
        var messageId = Guid.CreateVersion7();

        await app.HandledAsync(once, messageId);
        await app.PublishAsync(once, messageId); // a redelivery
        await app.PublishAsync(once); // the same payment announced again under a new message id
        await app.PublishAsync(refund);
        await app.PublishAsync(refund);
        await app.PublishAsync(Paid("2023-06-01T11:45:00Z", new OrderLine(Tea, "Tea", 2, 4.00m))); // handled last: the others were before

        var sales = await app.ReportWhenAsync<SalesBody>(
            "/api/analytics/sales?from=2023-06-01T10:00:00Z&to=2023-06-01T13:00:00Z&interval=hour",
            s => s.OrderCount >= 2);

        Assert.Equal((2, 20.00m, 2.00m, 18.00m), (sales.OrderCount, sales.GrossRevenue, sales.Refunds, sales.TotalRevenue));
        Assert.Equal([1, 1, 0], sales.Series.Select(b => b.Orders));
        Assert.Equal(new TopProductBody(Mug, "Mug", 1, 12.00m), sales.TopProducts.Single(p => p.ProductId == Mug));
        var rows = await app.WithDbAsync(db => db.Events.CountAsync(e => e.OrderId == once.OrderId, TestContext.Current.CancellationToken));
        Assert.Equal(2, rows); // order_paid and order_refunded, once each
    }

    [Fact]
    public async Task Sales_ByMonth_OneBucketPerMonthInTheOrdersCurrency()
    {
        await app.PublishAsync(Paid(Guid.CreateVersion7(), "2022-01-31T23:59:59Z", "EUR", new OrderLine(Tea, "Tea", 1, 3.00m)));
        await app.PublishAsync(Paid(Guid.CreateVersion7(), "2022-03-01T00:00:00Z", "EUR", new OrderLine(Tea, "Tea", 2, 3.00m)));

        var sales = await app.ReportWhenAsync<SalesBody>(
            "/api/analytics/sales?from=2022-01-01&to=2022-04-01&interval=month&currency=eur",
            s => s.OrderCount == 2);

        Assert.Equal("EUR", sales.Currency);
        Assert.Equal([At("2022-01-01T00:00:00Z"), At("2022-02-01T00:00:00Z"), At("2022-03-01T00:00:00Z")], sales.Series.Select(b => b.Bucket));
        Assert.Equal([3.00m, 0m, 6.00m], sales.Series.Select(b => b.Revenue));
        Assert.Equal(4.50m, sales.AverageOrderValue);
    }

    [Fact]
    public async Task Sales_NothingSold_ZeroTotalsAndEveryBucketEmpty()
    {
        var sales = await app.ReportWhenAsync<SalesBody>("/api/analytics/sales?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z&interval=hour", _ => true);

        Assert.Equal((0m, 0, 0m), (sales.TotalRevenue, sales.OrderCount, sales.AverageOrderValue));
        Assert.Equal(24, sales.Series.Count);
        Assert.All(sales.Series, b => Assert.Equal((0m, 0), (b.Revenue, b.Orders)));
        Assert.Empty(sales.TopProducts);
    }
}
