using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.LocalInfrastructure;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Orders;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>
/// A person's cancel of an unpaid order first closes it to payment in Payments (the real service
/// beside Ordering), so that no charge starts once the cancel was answered.
/// </summary>
public sealed class CancelBeforePaymentTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task Cancel_UnpaidOrder_ClosesItToPaymentInPayments()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);

        using var response = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var closed = await app.WithPaymentsDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == order.Id, Token));
        Assert.Equal((OrderState.Cancelled, "customer_request"), (closed.State, closed.CancellationReason));
    }

    [Fact]
    public async Task Cancel_WhileAChargeIsUnderWay_Is409ForOwnerAndAdmin_AndTheOrderStaysPayable()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.AwaitingPaymentOrderAsync(customer);
        await PendingChargeAsync(order);

        using var byOwner = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);
        using var byAdmin = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "cancelled" }, Token);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (byOwner.StatusCode, byAdmin.StatusCode));
        Assert.Contains("payment of this order is under way", await byOwner.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal("awaiting_payment", (await customer.OrderAsync(order.Id)).Status);
        Assert.Empty(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
    }

    [Fact]
    public async Task Cancel_PaidOrder_DoesNotAskPaymentsAndIsRefundedAsBefore()
    {
        using var customer = app.Customer();
        var order = await app.PaidOrderAsync(customer);

        using var response = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id)).WasPaid);
        Assert.False(await app.WithPaymentsDbAsync(db => db.Orders.AnyAsync(o => o.OrderId == order.Id, Token)));
    }

    /// <summary>What Payments holds while the provider works on a charge: a pending payment (no transaction, so its worker leaves it alone).</summary>
    private Task PendingChargeAsync(OrderBody order) => app.WithPaymentsDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var payable = PayableOrder.From(new OrderAwaitingPayment(order.Id, order.UserId, order.TotalPrice, order.Currency, null, now.AddMinutes(15)), now);
        db.Orders.Add(payable);
        db.Payments.Add(Payment.Start(payable, "pm_card_visa", now));
        return await db.SaveChangesAsync(Token);
    });
}

/// <summary>Ordering pointed at a port where no Payments listens.</summary>
public sealed class PaymentsDownApp(InfrastructureFixture infrastructure) : OrderingApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings["Services:payments"] = $"http://127.0.0.1:{Ports.Free()}";
}

public sealed class PaymentsDownTests(PaymentsDownApp app) : IClassFixture<PaymentsDownApp>
{
    [Fact]
    public async Task Cancel_UnpaidOrderWithPaymentsUnreachable_Is503AndChangesNothing()
    {
        using var customer = app.Customer();
        var order = await app.AwaitingPaymentOrderAsync(customer);

        using var response = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, OrderingApp.Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("awaiting_payment", (await customer.OrderAsync(order.Id)).Status);
        Assert.Empty(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
    }
}
