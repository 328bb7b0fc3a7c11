using System.Net;
using System.Net.Http.Json;
using Bazaar.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>POST /api/payments: the owner pays the order's total from Payments' own copy, once.</summary>
public sealed class PayOrderTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private static CancellationToken Cancellation => PaymentsApp.Cancellation;

    [Fact]
    public async Task Pay_ConcurrentRequestsForOneOrder_ExactlyOneChargeSucceedsTheOthersAre409()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId, total: 77.70m);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", path: i % 2 == 0 ? "/api/payments" : "/api/payments/charge")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        // The database's word, not the responses': one payment row for the order, and it succeeded once.
        var rows = await app.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT status AS \"Value\" FROM payments WHERE order_id = {orderId}")
            .ToListAsync(Cancellation));
        Assert.Equal(["succeeded"], rows);
        Assert.Single(app.Processor.Charges, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Pay_SameIdempotencyKeyAndBody_ReplaysTheFirstResponseAndChargesOnce()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        var key = $"pay-{Guid.NewGuid():N}";

        var first = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", key);
        var again = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", key, path: "/api/payments/charge");
        var otherBody = await PaymentsApp.PayAsync(customer, orderId, "pm_card_mastercard", key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancellation), await again.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Single(app.Processor.Charges, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Pay_SameKeyFromAnotherUser_IsTheirOwnKey()
    {
        using var first = app.Customer(out var firstUser);
        using var second = app.Customer(out var secondUser);
        var firstOrder = await app.AwaitingPaymentAsync(firstUser);
        var secondOrder = await app.AwaitingPaymentAsync(secondUser);

        var a = await PaymentsApp.PayAsync(first, firstOrder, "pm_card_visa", "shared-key");
        var b = await PaymentsApp.PayAsync(second, secondOrder, "pm_card_visa", "shared-key");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (a.StatusCode, b.StatusCode));
        Assert.Equal(secondOrder, (await b.ReadAsync<PaymentBody>()).OrderId);
    }

    public static TheoryData<string, string> Declines => new()
    {
        { "pm_card_chargeDeclined", "card_declined" },
        { "pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds" },
        { "pm_no_such_method", "invalid_payment_method" },
    };

    [Theory]
    [MemberData(nameof(Declines))]
    public async Task Pay_DeclinedMethod_Is201FailedWithTheCode(string paymentMethodId, string failureCode)
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);

        var response = await PaymentsApp.PayAsync(customer, orderId, paymentMethodId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = await response.ReadAsync<PaymentBody>();
        Assert.Equal(("failed", failureCode, paymentMethodId), (payment.Status, payment.FailureCode, payment.PaymentMethod));
    }

    [Fact]
    public async Task Pay_OrderNotPayable_Is409()
    {
        using var customer = app.Customer(out var userId);
        var unknown = Guid.CreateVersion7();
        var expired = await app.AwaitingPaymentAsync(userId, reservedUntil: DateTimeOffset.UtcNow.AddSeconds(-1));
        var cancelled = await app.AwaitingPaymentAsync(userId);
        await app.CancelledAsync(cancelled, userId, wasPaid: false);
        var paid = await app.AwaitingPaymentAsync(userId);
        Assert.Equal(HttpStatusCode.Created, (await PaymentsApp.PayAsync(customer, paid, "pm_card_visa")).StatusCode);

        foreach (var orderId in new[] { unknown, expired, cancelled, paid })
        {
            var response = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace((await response.ReadAsync<ProblemBody>()).Detail));
        }

        Assert.Single(await app.PaymentsOfAsync(paid));
        Assert.Empty(await app.PaymentsOfAsync(expired));
    }

    [Fact]
    public async Task Pay_AnotherUsersOrder_Is404AndChargesNothing()
    {
        var orderId = await app.AwaitingPaymentAsync(Guid.CreateVersion7());
        using var stranger = app.Customer(out _);

        var response = await PaymentsApp.PayAsync(stranger, orderId, "pm_card_visa");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await app.PaymentsOfAsync(orderId));
    }

    [Fact]
    public async Task Pay_InvalidBodyOrKey_Is400WithErrors()
    {
        using var customer = app.Customer(out _);
        var noOrder = await customer.PostAsJsonAsync("/api/payments", new { paymentMethodId = "pm_card_visa" }, Cancellation);
        var badMethod = await customer.PostAsJsonAsync("/api/payments", new { orderId = Guid.NewGuid(), paymentMethodId = "pm card; drop" }, Cancellation);
        var malformed = await customer.PostAsync("/api/payments", new StringContent("{\"orderId\":", System.Text.Encoding.UTF8, "application/json"), Cancellation);
        var longKey = await PaymentsApp.PayAsync(customer, Guid.NewGuid(), "pm_card_visa", new string('k', 256));

        Assert.Contains("orderId", (await noOrder.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Contains("paymentMethodId", (await badMethod.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Idempotency-Key", (await longKey.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PaymentsApp.PayAsync(app.CreateClient(), Guid.NewGuid(), "pm_card_visa")).StatusCode);
    }

    [Fact]
    public async Task Verify_SucceededPayment_AsksTheProviderAndRecordsTheAnswer()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        var payment = await (await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa")).ReadAsync<PaymentBody>();
        using var stranger = app.Customer(out _);

        var verified = await customer.PostAsJsonAsync("/api/payments/verify", new { paymentId = payment.Id }, Cancellation);
        var byStranger = await stranger.PostAsJsonAsync("/api/payments/verify", new { paymentId = payment.Id }, Cancellation);

        var body = await verified.ReadAsync<PaymentBody>();
        Assert.Equal("succeeded", body.Status);
        Assert.Equal(["charge", "verify"], body.Transactions!.Select(t => t.Type));
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await app.PaymentsOfAsync(orderId)).Status);
    }
}
