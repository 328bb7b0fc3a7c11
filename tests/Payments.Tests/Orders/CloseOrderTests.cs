using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Orders;

/// <summary>
/// POST /internal/orders/{id}/close: Ordering closes an unpaid order to payment before a person
/// cancels it, so that no charge starts after the cancel was answered.
/// </summary>
public sealed class CloseOrderTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private static CancellationToken Cancellation => PaymentsApp.Cancellation;

    [Fact]
    public async Task Close_PayableOrder_IsClosedAndThePayIs409()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);

        using var closed = await CloseAsync(orderId, userId);
        using var pay = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, pay.StatusCode);
        Assert.Empty(await app.PaymentsOfAsync(orderId));
        Assert.DoesNotContain(app.Processor.Charges, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Close_BeforePaymentsHeardOfTheOrder_TheLateOrderAwaitingPaymentCannotReopenIt()
    {
        using var customer = app.Customer(out var userId);
        var orderId = Guid.CreateVersion7();

        using var closed = await CloseAsync(orderId, userId);
        await app.HandledAsync(new OrderAwaitingPayment(orderId, userId, 12m, "USD", "pm_card_visa", DateTimeOffset.UtcNow.AddMinutes(15)));
        using var pay = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, pay.StatusCode);
        // The automatic charge the event asked for is not queued either.
        Assert.False(await app.WithDbAsync(db => db.ChargeRequests.AnyAsync(r => r.OrderId == orderId && r.Status == ChargeRequestStatus.Queued, Cancellation)));
        Assert.Empty(await app.PaymentsOfAsync(orderId));
    }

    [Fact]
    public async Task Close_PaidOrder_Is409Paid_AndTwiceStillSo()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        using var paid = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var closed = await CloseAsync(orderId, userId);
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
            Assert.Equal("paid", (await closed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public async Task Close_ByACustomerOrAnonymous_IsRefused()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        using var anonymous = app.CreateClient();

        using var byCustomer = await customer.PostAsJsonAsync($"/internal/orders/{orderId}/close", new { userId, reason = "customer_request" }, Cancellation);
        using var byAnonymous = await anonymous.PostAsJsonAsync($"/internal/orders/{orderId}/close", new { userId, reason = "customer_request" }, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        using var pay = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");
        Assert.Equal(HttpStatusCode.Created, pay.StatusCode);
    }

    [Fact]
    public async Task CloseAndPay_AtOnceManyTimes_NeverBothWin()
    {
        using var customer = app.Customer(out var userId);
        var orders = new List<(Guid OrderId, HttpStatusCode Close, HttpStatusCode Pay)>();
        for (var i = 0; i < 20; i++)
        {
            var orderId = await app.AwaitingPaymentAsync(userId);
            using var start = new Barrier(2);
            var close = Task.Run(() => { start.SignalAndWait(Cancellation); return CloseAsync(orderId, userId); }, Cancellation);
            var pay = Task.Run(() => { start.SignalAndWait(Cancellation); return PaymentsApp.PayAsync(customer, orderId, "pm_card_visa"); }, Cancellation);
            using var closed = await close;
            using var paid = await pay;
            orders.Add((orderId, closed.StatusCode, paid.StatusCode));
        }

        foreach (var (orderId, close, pay) in orders)
        {
            // One of the two wins, never both: a closed order has no charge, a charged one was not closed.
            Assert.Contains((close, pay), new[] { (HttpStatusCode.OK, HttpStatusCode.Conflict), (HttpStatusCode.Conflict, HttpStatusCode.Created) });
            var charged = (await app.PaymentsOfAsync(orderId)).Any(p => p.Status != PaymentStatus.Failed);
            Assert.Equal(pay == HttpStatusCode.Created, charged);
            Assert.Equal(charged, app.Processor.Charges.Any(c => c.OrderId == orderId));
        }
    }

    private async Task<HttpResponseMessage> CloseAsync(Guid orderId, Guid userId)
    {
        using var service = app.ClientWith(app.Tokens.ForService("ordering"));
        return await service.PostAsJsonAsync($"/internal/orders/{orderId}/close", new { userId, reason = "customer_request" }, Cancellation);
    }
}
