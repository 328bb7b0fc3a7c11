using System.Net;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Refunds;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Refunds;

/// <summary>ReturnReceived: part of the order's charge goes back through the card processor, once per return.</summary>
public sealed class RefundReturnTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private static CancellationToken Cancellation => PaymentsApp.Cancellation;

    [Fact]
    public async Task ReturnReceived_PaidOrder_RefundsTheReturnsAmountAtTheProcessorAndSaysSo()
    {
        var (orderId, userId) = await PaidAsync(25.50m);

        await app.HandledAsync(Received(Guid.CreateVersion7(), orderId, userId, 10.20m));

        var payment = await RefundedAsync(orderId, 10.20m);
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(10.20m, Assert.Single(app.Processor.Charges, c => c.OrderId == orderId).Refunded);
        var told = Assert.Single(await app.EventsAsync<PaymentRefunded>(e => e.OrderId == orderId));
        Assert.Equal((10.20m, false), (told.Amount, told.FullyRefunded));
    }

    [Fact]
    public async Task ReturnReceived_DeliveredTwiceAndFourTimesAtOnce_RefundsOnce()
    {
        var (orderId, userId) = await PaidAsync(25.50m);
        var returned = Received(Guid.CreateVersion7(), orderId, userId, 5.00m);

        await app.HandledAsync(returned);
        await app.HandledAsync(returned);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.HandledAsync(returned)));

        var payment = await RefundedAsync(orderId, 5.00m);
        Assert.Equal(5.00m, payment.RefundedAmount);
        var refund = Assert.Single(await RefundsOfAsync(payment.Id));
        Assert.Equal((returned.ReturnId, RefundReturn.RefundReason), (refund.Id, refund.Reason));
        Assert.Equal(5.00m, Assert.Single(app.Processor.Charges, c => c.OrderId == orderId).Refunded);
        Assert.Single(await app.EventsAsync<PaymentRefunded>(e => e.OrderId == orderId));
    }

    [Fact]
    public async Task ReturnReceived_TwoReturnsMakeTheWhole_SecondSaysFullyRefunded()
    {
        var (orderId, userId) = await PaidAsync(25.50m);

        await app.HandledAsync(Received(Guid.CreateVersion7(), orderId, userId, 12.75m));
        await RefundedAsync(orderId, 12.75m);
        await app.HandledAsync(Received(Guid.CreateVersion7(), orderId, userId, 12.75m));

        var payment = await RefundedAsync(orderId, 25.50m);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal([false, true], (await app.EventsAsync<PaymentRefunded>(e => e.OrderId == orderId)).Select(e => e.FullyRefunded));
    }

    [Fact]
    public async Task ReturnReceived_WorthMoreThanIsLeft_RefundsWhatIsLeft()
    {
        var (orderId, userId) = await PaidAsync(20.00m);
        using var admin = app.Admin();
        var paymentId = (await app.PaymentsOfAsync(orderId)).Single().Id;
        using var byHand = await admin.PostAsync($"/api/payments/{paymentId}/refund", System.Net.Http.Json.JsonContent.Create(new { amount = 15.00m, reason = "goodwill" }), Cancellation);
        Assert.Equal(HttpStatusCode.OK, byHand.StatusCode);

        await app.HandledAsync(Received(Guid.CreateVersion7(), orderId, userId, 8.00m));

        Assert.Equal(PaymentStatus.Refunded, (await RefundedAsync(orderId, 20.00m)).Status);
    }

    [Fact]
    public async Task ReturnReceived_NothingCharged_ChangesNothing()
    {
        var orderId = Guid.CreateVersion7();

        await app.HandledAsync(Received(Guid.CreateVersion7(), orderId, Guid.NewGuid(), 3m));

        Assert.Empty(await app.PaymentsOfAsync(orderId));
        Assert.Empty(await app.EventsAsync<PaymentRefunded>(e => e.OrderId == orderId));
    }

    private static ReturnReceived Received(Guid returnId, Guid orderId, Guid userId, decimal amount) =>
        new(returnId, orderId, userId, amount, "USD", [new ReturnedLine(Guid.NewGuid(), null, 1, amount)], Restock: true, DateTimeOffset.UtcNow);

    private async Task<(Guid OrderId, Guid UserId)> PaidAsync(decimal total)
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId, total);
        using var paid = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        return (orderId, userId);
    }

    /// <summary>Waits until the worker has sent the refunds and <paramref name="total"/> is refunded.</summary>
    private async Task<Payment> RefundedAsync(Guid orderId, decimal total)
    {
        await Eventually.HoldsAsync(
            async () => (await app.PaymentsOfAsync(orderId)).Single().RefundedAmount == total,
            PaymentsApp.Timeout,
            $"{total} refunded of order {orderId}");
        return (await app.PaymentsOfAsync(orderId)).Single();
    }

    private Task<List<PaymentTransaction>> RefundsOfAsync(Guid paymentId) =>
        app.WithDbAsync(db => db.Transactions.AsNoTracking().Where(t => t.PaymentId == paymentId && t.Type == TransactionType.Refund).ToListAsync(Cancellation));
}
