using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;
using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Refunds;

/// <summary>Money given back: in full when a paid order is cancelled, in part or in full by an admin.</summary>
public sealed class RefundTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private static CancellationToken Cancellation => PaymentsApp.Cancellation;

    [Fact]
    public async Task OrderCancelled_WasPaid_RefundsInFullThroughTheProviderAndPublishesPaymentRefunded()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded), typeof(PaymentRefunded));
        var userId = Guid.CreateVersion7();
        var orderId = await app.AwaitingPaymentAsync(userId, total: 60m, paymentMethodId: "pm_card_visa");
        var paymentId = (await probe.WaitForAsync<PaymentSucceeded>(e => e.OrderId == orderId, PaymentsApp.Timeout)).PaymentId;

        await app.CancelledAsync(orderId, userId, wasPaid: true);
        await app.CancelledAsync(orderId, userId, wasPaid: true); // Ordering may say it twice

        var refunded = await probe.WaitForAsync<PaymentRefunded>(e => e.PaymentId == paymentId, PaymentsApp.Timeout);
        Assert.Equal((orderId, userId, 60m, "USD", true), (refunded.OrderId, refunded.UserId, refunded.Amount, refunded.Currency, refunded.FullyRefunded));
        var payment = Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Equal((PaymentStatus.Refunded, 60m), (payment.Status, payment.RefundedAmount));
        Assert.Equal(60m, Assert.Single(app.Processor.Charges, c => c.OrderId == orderId).Refunded);
        // Both cancellations are handled (their inbox records are committed), so a second refund
        // would already be in the outbox, committed with the second handler's work.
        var refundEvents = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.EventName == nameof(PaymentRefunded)).Select(m => m.Payload).ToListAsync(Cancellation));
        Assert.Single(refundEvents, payload => payload.Contains(paymentId.ToString()));
    }

    [Fact]
    public async Task Refund_AdminPartThenTheRest_PaymentEndsRefundedWithTwoEvents()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentRefunded));
        var paymentId = await PaidAsync(100m);
        using var admin = app.Admin();

        var part = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { amount = 30.25m, reason = "one item damaged" }, Cancellation);
        var partBody = await part.ReadAsync<PaymentBody>();
        var over = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { amount = 69.76m, reason = "too much" }, Cancellation);
        var rest = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { reason = "order returned" }, Cancellation);
        var restBody = await rest.ReadAsync<PaymentBody>();
        var nothingLeft = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { reason = "again" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        Assert.Equal(("partially_refunded", 30.25m), (partBody.Status, partBody.RefundedAmount));
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("amount", (await over.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Equal(("refunded", 100m), (restBody.Status, restBody.RefundedAmount));
        Assert.Equal([30.25m, 69.75m], restBody.Transactions!.Where(t => t.Type == "refund").Select(t => t.Amount));
        Assert.Equal(HttpStatusCode.Conflict, nothingLeft.StatusCode);
        await probe.WaitForAsync<PaymentRefunded>(e => e.PaymentId == paymentId && e.FullyRefunded, PaymentsApp.Timeout);
        Assert.Equal([(30.25m, false), (69.75m, true)], probe.All<PaymentRefunded>().Where(e => e.PaymentId == paymentId).Select(e => (e.Amount, e.FullyRefunded)));
    }

    [Fact]
    public async Task Refund_SameIdempotencyKey_RefundsOnce()
    {
        var paymentId = await PaidAsync(40m);
        using var admin = app.Admin();

        Task<HttpResponseMessage> SendAsync() => admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/payments/{paymentId}/refund")
        {
            Content = JsonContent.Create(new { amount = 10m, reason = "goodwill" }),
            Headers = { { "Idempotency-Key", "refund-once" } },
        }, Cancellation);

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal(await first.Content.ReadAsStringAsync(Cancellation), await second.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(10m, (await app.PaymentsOfAsync((await first.ReadAsync<PaymentBody>()).OrderId)).Single().RefundedAmount);
    }

    [Fact]
    public async Task Refund_ByCustomerEvenTheOwner_Is403()
    {
        using var owner = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        var payment = await (await PaymentsApp.PayAsync(owner, orderId, "pm_card_visa")).ReadAsync<PaymentBody>();

        var response = await owner.PostAsJsonAsync($"/api/payments/{payment.Id}/refund", new { reason = "I want my money" }, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0m, Assert.Single(await app.PaymentsOfAsync(orderId)).RefundedAmount);
    }

    [Fact]
    public async Task Refund_FailedPaymentOrUnknownOrInvalid_IsRefused()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        var declined = await (await PaymentsApp.PayAsync(customer, orderId, "pm_card_chargeDeclined")).ReadAsync<PaymentBody>();
        using var admin = app.Admin();

        var ofDeclined = await admin.PostAsJsonAsync($"/api/payments/{declined.Id}/refund", new { reason = "x" }, Cancellation);
        var ofUnknown = await admin.PostAsJsonAsync($"/api/payments/{Guid.NewGuid()}/refund", new { reason = "x" }, Cancellation);
        var noReason = await admin.PostAsJsonAsync($"/api/payments/{declined.Id}/refund", new { amount = -1 }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, ofDeclined.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ofUnknown.StatusCode);
        Assert.Equal(["amount", "reason"], (await noReason.ReadAsync<ProblemBody>()).Errors!.Keys.Order());
    }

    [Fact]
    public async Task Refund_ByAdmin_AuditedWithThePaymentBeforeAndTheRefund_ARefusedOneNot()
    {
        var paymentId = await PaidAsync(50m);
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out var adminId));

        var over = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { amount = 50.01m, reason = "too much" }, Cancellation);
        var part = await admin.PostAsJsonAsync($"/api/payments/{paymentId}/refund", new { amount = 20m, reason = "late delivery" }, Cancellation);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (over.StatusCode, part.StatusCode));
        var audit = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.EntityId == paymentId.ToString()));
        Assert.Equal(("payment", "refunded", adminId), (audit.Entity, audit.Action, audit.ActorId));
        Assert.Equal((0m, "succeeded"), (audit.Before!.Value.GetProperty("refundedAmount").GetDecimal(), audit.Before.Value.GetProperty("status").GetString()));
        Assert.Equal((20m, "late delivery"), (audit.After!.Value.GetProperty("refundAmount").GetDecimal(), audit.After.Value.GetProperty("reason").GetString()));
    }

    private async Task<Guid> PaidAsync(decimal total)
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId, total);
        var payment = await (await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa")).ReadAsync<PaymentBody>();
        Assert.Equal("succeeded", payment.Status);
        return payment.Id;
    }
}
