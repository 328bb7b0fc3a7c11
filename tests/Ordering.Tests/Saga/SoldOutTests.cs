using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using static Bazaar.Ordering.Tests.SagaSteps;

namespace Bazaar.Ordering.Tests.Saga;

/// <summary>
/// A payment that succeeded after the order's reservation expired, when Inventory had sold the
/// units to other orders meanwhile: the customer must not be left with a paid order that never ships.
/// </summary>
public sealed class SoldOutTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    [Fact]
    public async Task PaidOrderOutOfStock_PaidOrder_IsCancelledAsPaidSoPaymentsRefundsIt()
    {
        using var customer = app.Customer();
        var order = await app.PaidOrderAsync(customer);
        var soldOut = new PaidOrderOutOfStock(order.Id, [new StockLine(order.Items[0].ProductId, 2)], DateTimeOffset.UtcNow);

        await app.HandledAsync(soldOut);
        await app.HandledAsync(soldOut with { DetectedAt = DateTimeOffset.UtcNow });

        var cancelled = await customer.OrderAsync(order.Id);
        Assert.Equal(("cancelled", "sold_out_before_payment"), (cancelled.Status, cancelled.CancellationReason));
        var @event = Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
        Assert.Equal(("sold_out_before_payment", true), (@event.Reason, @event.WasPaid));
        await app.HandledAsync(Refunded(order));
        Assert.Equal("refunded", (await customer.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task PaidOrderOutOfStock_ForAnOrderNotPaid_ChangesNothing()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);

        await app.HandledAsync(new PaidOrderOutOfStock(order.Id, [new StockLine(order.Items[0].ProductId, 2)], DateTimeOffset.UtcNow));

        Assert.Equal(("awaiting_payment", null), ((await customer.OrderAsync(order.Id)).Status, (await customer.OrderAsync(order.Id)).CancellationReason));
        Assert.Empty(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
    }
}
