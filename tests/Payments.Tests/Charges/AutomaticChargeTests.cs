using System.Diagnostics;
using System.Net;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>Saga step 3 as Ordering drives it: an order awaiting payment with a payment method is charged by itself.</summary>
public sealed class AutomaticChargeTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task OrderAwaitingPayment_WithVisa_ChargesTheTotalAndPublishesPaymentSucceeded()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded), typeof(PaymentFailed));
        using var customer = app.Customer(out var userId);

        var orderId = await app.AwaitingPaymentAsync(userId, total: 42.10m, paymentMethodId: "pm_card_visa");

        var succeeded = await probe.WaitForAsync<PaymentSucceeded>(e => e.OrderId == orderId, PaymentsApp.Timeout);
        Assert.Equal((userId, 42.10m, "USD", "pm_card_visa"), (succeeded.UserId, succeeded.Amount, succeeded.Currency, succeeded.PaymentMethod));
        var payment = Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Equal((succeeded.PaymentId, PaymentStatus.Succeeded), (payment.Id, payment.Status));
        var order = await (await customer.GetAsync($"/api/payments/order/{orderId}", PaymentsApp.Cancellation)).ReadAsync<OrderPaymentsBody>();
        Assert.Equal(("paid", false), (order.PaymentStatus, order.Payable));
        Assert.DoesNotContain(probe.All<PaymentFailed>(), e => e.OrderId == orderId);
    }

    [Fact]
    public async Task OrderAwaitingPayment_DeclinedCard_PublishesPaymentFailedAndTheOrderStaysPayable()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded), typeof(PaymentFailed));
        using var customer = app.Customer(out var userId);

        var orderId = await app.AwaitingPaymentAsync(userId, total: 19.99m, paymentMethodId: "pm_card_chargeDeclined");

        var failed = await probe.WaitForAsync<PaymentFailed>(e => e.OrderId == orderId, PaymentsApp.Timeout);
        Assert.Equal(("card_declined", 19.99m), (failed.FailureCode, failed.Amount));
        Assert.False(string.IsNullOrWhiteSpace(failed.FailureMessage));
        var order = await (await customer.GetAsync($"/api/payments/order/{orderId}", PaymentsApp.Cancellation)).ReadAsync<OrderPaymentsBody>();
        Assert.Equal(("unpaid", true), (order.PaymentStatus, order.Payable));

        var retry = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var paid = await retry.ReadAsync<PaymentBody>();
        Assert.Equal(("succeeded", 19.99m, (string?)null), (paid.Status, paid.Amount, paid.FailureCode));
        Assert.Equal($"/api/payments/{paid.Id}", retry.Headers.Location?.OriginalString);
        await probe.WaitForAsync<PaymentSucceeded>(e => e.PaymentId == paid.Id, PaymentsApp.Timeout);
        Assert.Equal([PaymentStatus.Failed, PaymentStatus.Succeeded], (await app.PaymentsOfAsync(orderId)).Select(p => p.Status));
    }

    [Fact]
    public async Task OrderAwaitingPayment_DeliveredTwice_ChargesOnce()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded));
        var userId = Guid.CreateVersion7();
        var orderId = Guid.CreateVersion7();
        var awaiting = new OrderAwaitingPayment(orderId, userId, 10m, "USD", "pm_card_visa", DateTimeOffset.UtcNow.AddMinutes(15));

        await app.HandledAsync(awaiting);
        await app.HandledAsync(awaiting); // a second copy under another message id

        await probe.WaitForAsync<PaymentSucceeded>(e => e.OrderId == orderId, PaymentsApp.Timeout);
        var requests = await app.WithDbAsync(db => db.ChargeRequests.Where(r => r.OrderId == orderId).ToListAsync(PaymentsApp.Cancellation));
        Assert.Equal(ChargeRequestStatus.Started, Assert.Single(requests).Status);
        Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Single(app.Processor.Charges, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task AutomaticCharge_StartedByAWorkerThatStoppedBeforeTheProviderHeardOfIt_IsMadeAgainNotFailed()
    {
        // What a worker leaves behind when SIGTERM or a crash lands between starting an automatic
        // charge and calling the provider: the request taken, its payment pending, nothing charged.
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded), typeof(PaymentFailed));
        var userId = Guid.CreateVersion7();
        var orderId = await app.AwaitingPaymentAsync(userId, total: 31.70m);
        Guid interrupted;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
            interrupted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(PaymentsApp.Cancellation);
                var request = ChargeRequest.Queue(orderId, "pm_card_visa", DateTimeOffset.UtcNow, new TraceLink(null, null));
                db.ChargeRequests.Add(request);
                var started = await scope.ServiceProvider.GetRequiredService<Charging>().TryStartAsync(orderId, null, "pm_card_visa", PaymentsApp.Cancellation);
                request.Started(started.Payment!.Id, DateTimeOffset.UtcNow);
                await db.SaveChangesAsync(PaymentsApp.Cancellation);
                await transaction.CommitAsync(PaymentsApp.Cancellation);
                return started.Payment.Id;
            });
        }

        // The worker looks the pending charge up, the provider knows nothing of it: the attempt is
        // undone and the charge made again; the shopper never hears of a failure.
        var succeeded = await probe.WaitForAsync<PaymentSucceeded>(e => e.OrderId == orderId, PaymentsApp.Timeout);
        Assert.NotEqual(interrupted, succeeded.PaymentId);
        var payment = Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Equal((succeeded.PaymentId, PaymentStatus.Succeeded, 31.70m), (payment.Id, payment.Status, payment.Amount));
        Assert.DoesNotContain(probe.All<PaymentFailed>(), e => e.OrderId == orderId);
        var made = await app.WithDbAsync(db => db.ChargeRequests.AsNoTracking().SingleAsync(r => r.OrderId == orderId, PaymentsApp.Cancellation));
        Assert.Equal((ChargeRequestStatus.Started, payment.Id, 1), (made.Status, made.PaymentId, made.Attempts));
    }

    [Fact]
    public async Task OrderCancelled_BeforeItAwaitedPayment_IsNeverCharged()
    {
        var userId = Guid.CreateVersion7();
        var orderId = Guid.CreateVersion7();

        await app.CancelledAsync(orderId, userId, wasPaid: false); // the events crossed on the way
        await app.HandledAsync(new OrderAwaitingPayment(orderId, userId, 10m, "USD", "pm_card_visa", DateTimeOffset.UtcNow.AddMinutes(15)));

        using var customer = app.ClientWith(app.Tokens.For(userId));
        var order = await (await customer.GetAsync($"/api/payments/order/{orderId}", PaymentsApp.Cancellation)).ReadAsync<OrderPaymentsBody>();
        Assert.Equal(("cancelled", false), (order.OrderStatus, order.Payable));
        Assert.Empty(await app.PaymentsOfAsync(orderId));
        Assert.Equal(HttpStatusCode.Conflict, (await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa")).StatusCode);
    }

    [Fact]
    public async Task GetPayment_OwnerAndAdminSeeTransactions_OthersGet404()
    {
        await using var probe = await app.ProbeAsync(typeof(PaymentSucceeded));
        using var owner = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId, paymentMethodId: "pm_card_visa");
        var paymentId = (await probe.WaitForAsync<PaymentSucceeded>(e => e.OrderId == orderId, PaymentsApp.Timeout)).PaymentId;
        using var admin = app.Admin();
        using var stranger = app.Customer(out _);

        var mine = await (await owner.GetAsync($"/api/payments/{paymentId}", PaymentsApp.Cancellation)).ReadAsync<PaymentBody>();
        var seenByAdmin = await admin.GetAsync($"/api/payments/{paymentId}", PaymentsApp.Cancellation);
        var seenByStranger = await stranger.GetAsync($"/api/payments/{paymentId}", PaymentsApp.Cancellation);
        var orderOfStranger = await stranger.GetAsync($"/api/payments/order/{orderId}", PaymentsApp.Cancellation);

        var charge = Assert.Single(mine.Transactions!);
        Assert.Equal(("charge", "succeeded", 25.50m), (charge.Type, charge.Status, charge.Amount));
        Assert.Equal("succeeded", charge.ProviderResponse?.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, seenByAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, seenByStranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, orderOfStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/payments/{paymentId}", PaymentsApp.Cancellation)).StatusCode);
    }

    [Fact]
    public async Task AutomaticCharge_ContinuesTheTraceOfTheCheckoutThatQueuedIt()
    {
        using var customer = app.Customer(out var userId);
        var checkoutTrace = ActivityTraceId.CreateRandom();
        var orderId = Guid.CreateVersion7();

        // As Ordering's relay sends it: the checkout's traceparent on the message.
        await app.PublishAsync(
            new OrderAwaitingPayment(orderId, userId, 12.50m, "USD", "pm_card_visa", DateTimeOffset.UtcNow.AddMinutes(15)),
            traceParent: $"00-{checkoutTrace}-{ActivitySpanId.CreateRandom()}-01");

        // The worker charges later, outside the message's handling; its PaymentSucceeded still belongs to the checkout.
        OutboxMessage? succeeded = null;
        await Eventually.HoldsAsync(
            async () => (succeeded = (await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.EventName == "PaymentSucceeded").ToListAsync(PaymentsApp.Cancellation)))
                .FirstOrDefault(m => m.Payload.Contains(orderId.ToString(), StringComparison.Ordinal))) is not null,
            PaymentsApp.Timeout,
            $"PaymentSucceeded of {orderId} in the outbox");
        Assert.StartsWith($"00-{checkoutTrace}-", succeeded!.TraceParent);
    }
}
