using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.TestSupport;
using static Bazaar.Ordering.Tests.SagaSteps;

namespace Bazaar.Ordering.Tests.Saga;

/// <summary>Ordering's part of the checkout saga, driven by events as Inventory and Payments send them.</summary>
public sealed class SagaEventsTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    [Fact]
    public async Task StockReserved_PendingOrder_AwaitsPaymentAndTellsPayments()
    {
        using var customer = app.Customer();
        var order = await app.PlacedOrderAsync(customer);
        await using var probe = await EventProbe.StartAsync(app.RabbitMq, app.Exchange, typeof(OrderAwaitingPayment));
        var reserved = Reserved(order);

        await app.HandledAsync(reserved);

        Assert.Equal("awaiting_payment", (await customer.OrderAsync(order.Id)).Status);
        var awaiting = await probe.WaitForAsync<OrderAwaitingPayment>(e => e.OrderId == order.Id);
        Assert.Equal((order.UserId, 20m, "USD", "pm_card_visa"), (awaiting.UserId, awaiting.TotalPrice, awaiting.Currency, awaiting.PaymentMethodId));
        Assert.Equal(reserved.ExpiresAt, awaiting.ReservedUntil, TimeSpan.FromMilliseconds(1));
        var changed = Assert.Single(await app.EventsAsync<OrderStatusChanged>(e => e.OrderId == order.Id));
        Assert.Equal(("pending", "awaiting_payment"), (changed.From, changed.To));
    }

    [Fact]
    public async Task StockReservationFailed_PendingOrder_CancelsForInsufficientStock()
    {
        using var customer = app.Customer();
        var order = await app.PlacedOrderAsync(customer);

        await app.HandledAsync(new StockReservationFailed(order.Id, [new StockLine(order.Items[0].ProductId, 1)], DateTimeOffset.UtcNow));

        var cancelled = await customer.OrderAsync(order.Id);
        Assert.Equal(("cancelled", "insufficient_stock"), (cancelled.Status, cancelled.CancellationReason));
        var @event = Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
        Assert.Equal(("insufficient_stock", false), (@event.Reason, @event.WasPaid));
    }

    [Fact]
    public async Task PaymentSucceeded_AwaitingPayment_MarksPaidAndPublishesOrderPaid()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);
        var payment = Succeeded(order);

        await app.HandledAsync(payment);

        Assert.Equal("paid", (await customer.OrderAsync(order.Id)).Status);
        var paid = Assert.Single(await app.EventsAsync<OrderPaid>(e => e.OrderId == order.Id));
        Assert.Equal((payment.PaymentId, 20m), (paid.PaymentId, paid.TotalPrice));
        Assert.Equal(order.Items[0].ProductId, Assert.Single(paid.Items).ProductId);
    }

    [Fact]
    public async Task PaymentFailed_ThenSucceeded_ShowsTheErrorWhilePayableThenPays()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);

        await app.HandledAsync(Failed(order, "insufficient_funds"));

        var declined = await customer.OrderAsync(order.Id);
        Assert.Equal(("awaiting_payment", "insufficient_funds"), (declined.Status, declined.LastPaymentError?.Code));
        await app.HandledAsync(Succeeded(order));
        Assert.Equal("paid", (await customer.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task ReservationExpired_AwaitingPayment_CancelsForPaymentTimeout()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);

        await app.HandledAsync(new ReservationExpired(order.Id, [], DateTimeOffset.UtcNow));

        var cancelled = await customer.OrderAsync(order.Id);
        Assert.Equal(("cancelled", "payment_timeout"), (cancelled.Status, cancelled.CancellationReason));
        var @event = Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
        Assert.Equal(("payment_timeout", false), (@event.Reason, @event.WasPaid));
    }

    [Fact]
    public async Task DuplicateEvents_UnderNewMessageIds_MoveTheOrderOnce()
    {
        using var customer = app.Customer();
        var order = await app.PlacedOrderAsync(customer);
        var reserved = Reserved(order);
        var payment = Succeeded(order);

        await app.HandledAsync(reserved);
        await app.HandledAsync(reserved);
        await app.HandledAsync(payment);
        await app.HandledAsync(payment);

        var paid = await customer.OrderAsync(order.Id);
        Assert.Equal(["pending", "awaiting_payment", "paid"], paid.StatusHistory.Select(h => h.Status));
        Assert.Single(await app.EventsAsync<OrderAwaitingPayment>(e => e.OrderId == order.Id));
        Assert.Single(await app.EventsAsync<OrderPaid>(e => e.OrderId == order.Id));
        Assert.Equal(2, (await app.EventsAsync<OrderStatusChanged>(e => e.OrderId == order.Id)).Count);
    }

    [Fact]
    public async Task LateEvents_AfterThePaymentWon_ChangeNothing()
    {
        using var customer = app.Customer();
        var order = await app.PaidOrderAsync(customer);

        await app.HandledAsync(Failed(order));
        await app.HandledAsync(new ReservationExpired(order.Id, [], DateTimeOffset.UtcNow));
        await app.HandledAsync(new StockReservationFailed(order.Id, [], DateTimeOffset.UtcNow));

        var paid = await customer.OrderAsync(order.Id);
        Assert.Equal(("paid", null, null), (paid.Status, paid.LastPaymentError, paid.CancellationReason));
        Assert.Equal(3, paid.StatusHistory.Count);
        Assert.Empty(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
    }

    [Fact]
    public async Task StockReserved_ForAnOrderCancelledMeanwhile_DoesNothing()
    {
        using var customer = app.Customer();
        var order = await app.PlacedOrderAsync(customer);
        (await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, OrderingApp.Cancellation)).EnsureSuccessStatusCode();

        await app.HandledAsync(Reserved(order));

        Assert.Equal("cancelled", (await customer.OrderAsync(order.Id)).Status);
        Assert.Empty(await app.EventsAsync<OrderAwaitingPayment>(e => e.OrderId == order.Id));
    }

    [Fact]
    public async Task PaymentSucceeded_ForACancelledOrder_SaysCancelledAgainWithWasPaidThenRefunds()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);
        (await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, OrderingApp.Cancellation)).EnsureSuccessStatusCode();

        await app.HandledAsync(Succeeded(order));
        await app.HandledAsync(Succeeded(order));

        Assert.Equal("cancelled", (await customer.OrderAsync(order.Id)).Status);
        Assert.Equal([false, true], (await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id)).Select(e => e.WasPaid));
        Assert.Empty(await app.EventsAsync<OrderPaid>(e => e.OrderId == order.Id));
        await app.HandledAsync(Refunded(order));
        Assert.Equal("refunded", (await customer.OrderAsync(order.Id)).Status);
    }
}
