using System.Net;
using System.Text;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Orders;
using Bazaar.Payments.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Webhooks;

/// <summary>POST /api/payments/webhooks/stripe: signed by Stripe, each event id has its effect once.</summary>
public sealed class StripeWebhookTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private static CancellationToken Cancellation => PaymentsApp.Cancellation;

    [Fact]
    public async Task Webhook_ChargeRefundedSignedAndDeliveredTwice_RefundsOnce()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentRefunded));
        var payment = await PaidAsync();
        var body = Event($"evt_{Guid.NewGuid():N}", "charge.refunded", $$"""{"id":"ch_1","object":"charge","payment_intent":"{{payment.ProviderReference}}","amount_refunded":2550,"currency":"usd"}""");

        var first = await SendAsync(body, Sign(body));
        var second = await SendAsync(body, Sign(body));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal("{\"received\":true,\"duplicate\":false}", await first.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("{\"received\":true,\"duplicate\":true}", await second.Content.ReadAsStringAsync(Cancellation));
        var stored = Assert.Single(await app.PaymentsOfAsync(payment.OrderId));
        Assert.Equal((PaymentStatus.Refunded, 25.50m), (stored.Status, stored.RefundedAmount));
        var refunded = await probe.WaitForAsync<PaymentRefunded>(e => e.PaymentId == payment.Id, PaymentsApp.Timeout);
        Assert.Equal((25.50m, true), (refunded.Amount, refunded.FullyRefunded));
        var refunds = await app.WithDbAsync(db => db.Transactions.CountAsync(t => t.PaymentId == payment.Id && t.Type == TransactionType.Refund, Cancellation));
        Assert.Equal(1, refunds);
    }

    [Fact]
    public async Task Webhook_PaymentIntentSucceededForAPendingPayment_SettlesItAndPublishesPaymentSucceeded()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded));
        var payment = await PendingAsync();
        var body = Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", $$$"""{"id":"pi_late","object":"payment_intent","metadata":{"payment_id":"{{{payment.Id}}}"}}""");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(body, Sign(body))).StatusCode);

        await probe.WaitForAsync<PaymentSucceeded>(e => e.PaymentId == payment.Id, PaymentsApp.Timeout);
        var settled = Assert.Single(await app.PaymentsOfAsync(payment.OrderId));
        Assert.Equal((PaymentStatus.Succeeded, "pi_late"), (settled.Status, settled.ProviderReference));
        var charge = await app.WithDbAsync(db => db.Transactions.SingleAsync(t => t.PaymentId == payment.Id, Cancellation));
        Assert.Equal(TransactionStatus.Succeeded, charge.Status);
    }

    [Fact]
    public async Task Webhook_PaymentFailedForASucceededPayment_ChangesNothing()
    {
        var payment = await PaidAsync();
        var body = Event(
            $"evt_{Guid.NewGuid():N}",
            "payment_intent.payment_failed",
            $$$"""{"id":"{{{payment.ProviderReference}}}","object":"payment_intent","metadata":{"payment_id":"{{{payment.Id}}}"},"last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds"}}""");

        var response = await SendAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await app.PaymentsOfAsync(payment.OrderId)).Status);
    }

    public static TheoryData<string> BadSignatures => new() { "wrong-secret", "tampered", "expired", "future", "missing", "garbage" };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Webhook_BadOrOldSignature_Is400AndHasNoEffect(string how)
    {
        var eventId = $"evt_{Guid.NewGuid():N}";
        var body = Event(eventId, "payment_intent.succeeded", """{"id":"pi_unknown","object":"payment_intent"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // 100 s past the 300 s tolerance either way: a slow test machine cannot bring them back inside.
        var header = how switch
        {
            "wrong-secret" => StripeSignature.Sign(body, "whsec_someone_else", now),
            "tampered" => StripeSignature.Sign(body.Replace("pi_unknown", "pi_other"), PaymentsApp.WebhookSecret, now),
            "expired" => StripeSignature.Sign(body, PaymentsApp.WebhookSecret, now - 400),
            "future" => StripeSignature.Sign(body, PaymentsApp.WebhookSecret, now + 400),
            "missing" => null,
            _ => "t=abc,v1=zz",
        };

        var response = await SendAsync(body, header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.WebhookEvents.AnyAsync(e => e.Id == eventId, Cancellation)));
    }

    [Fact]
    public async Task Webhook_SignedWithinTolerance_IsAccepted()
    {
        var body = Event($"evt_{Guid.NewGuid():N}", "customer.created", """{"id":"cus_1","object":"customer"}""");

        var response = await SendAsync(body, StripeSignature.Sign(body, PaymentsApp.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 250));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Event(string id, string type, string subject) =>
        $$$"""{"id":"{{{id}}}","object":"event","type":"{{{type}}}","created":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"data":{"object":{{{subject}}}}}""";

    private static string Sign(string body) => StripeSignature.Sign(body, PaymentsApp.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private Task<HttpResponseMessage> SendAsync(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(StripeSignature.HeaderName, signature);
        }

        return app.CreateClient().SendAsync(request, Cancellation);
    }

    /// <summary>A charge that never got its answer (as after a provider timeout), not yet looked up by the worker.</summary>
    private async Task<Payment> PendingAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var order = PayableOrder.From(new OrderAwaitingPayment(Guid.CreateVersion7(), Guid.CreateVersion7(), 12m, "USD", null, now.AddMinutes(15)), now);
        var payment = Payment.Start(order, "pm_card_visa", now);
        await app.WithDbAsync(db =>
        {
            db.Orders.Add(order);
            db.Payments.Add(payment);
            db.Transactions.Add(PaymentTransaction.Charge(payment, now, askAgainAt: now.AddHours(1)));
            return db.SaveChangesAsync(Cancellation);
        });
        return payment;
    }

    private async Task<PaymentBody> PaidAsync()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId, total: 25.50m);
        return await (await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa")).ReadAsync<PaymentBody>();
    }
}
