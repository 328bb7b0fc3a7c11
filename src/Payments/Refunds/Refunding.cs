using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Refunds;

public enum RefundPlanStatus
{
    Planned,
    NotRefundable,
    NothingLeft,
    TooMuch,
}

public sealed record RefundPlan(RefundPlanStatus Status, decimal Remaining, PaymentTransaction? Refund = null);

/// <summary>
/// Refunds in two steps like charges: a pending refund transaction reserves the amount (so two
/// refunds at once cannot give back more than was charged), then the provider is called with the
/// refund's id as idempotency key and its answer recorded with PaymentRefunded. A refund without an
/// answer stays pending and is sent again, with the same key, until the provider answers: money
/// owed is never dropped.
/// </summary>
public sealed partial class Refunding(
    PaymentsDb db, PaymentGateway gateway, TimeProvider clock, IOptions<PaymentsOptions> options, ILogger<Refunding> logger)
{
    /// <summary>Inside the caller's transaction, with <paramref name="payment"/> locked: reserves a refund (all that is left when no amount).</summary>
    /// <param name="refundId">The refund's id (its idempotency key at the provider) when the caller names it; a new one otherwise.</param>
    public async Task<RefundPlan> PlanAsync(Payment payment, decimal? amount, string reason, DateTimeOffset dueAt, CancellationToken cancellationToken, Guid? refundId = null)
    {
        if (payment.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded))
        {
            return new(payment.Status == PaymentStatus.Refunded ? RefundPlanStatus.NothingLeft : RefundPlanStatus.NotRefundable, 0m);
        }

        var remaining = payment.Refundable - await PendingRefundsAsync(db, payment.Id, cancellationToken);
        if (remaining <= 0)
        {
            return new(RefundPlanStatus.NothingLeft, 0m);
        }

        var value = amount ?? remaining;
        if (value > remaining)
        {
            return new(RefundPlanStatus.TooMuch, remaining);
        }

        var refund = PaymentTransaction.Refund(payment, value, reason, clock.GetUtcNow(), dueAt, refundId);
        db.Transactions.Add(refund);
        return new(RefundPlanStatus.Planned, remaining, refund);
    }

    /// <summary>When a refund planned by a caller that sends it itself becomes the worker's to send.</summary>
    public DateTimeOffset WorkerTakesOverAt(DateTimeOffset now) => now + gateway.Timeout + options.Value.RetryBaseDelay;

    /// <summary>Sends a pending refund (no transaction open meanwhile) and records the answer; returns the refund as it stands.</summary>
    public async Task<PaymentTransaction?> SendAsync(Guid refundId, CancellationToken cancellationToken)
    {
        var refund = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == refundId && t.Type == TransactionType.Refund, cancellationToken);
        if (refund is not { Status: TransactionStatus.Pending })
        {
            return refund;
        }

        var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
        var answer = payment.ProviderReference is { } reference
            ? await gateway.RefundAsync(new RefundOrder(refund.Id, payment.Id, reference, refund.Amount, payment.Currency, refund.Reason ?? "requested"), cancellationToken)
            : new ProviderAnswer<RefundResult>(new RefundResult(false, null, "no_provider_reference", "The charge has no provider reference to refund.", "{}"), null);
        return await RecordAsync(refund.Id, answer, cancellationToken);
    }

    /// <summary>
    /// The provider says <paramref name="providerTotal"/> of the payment has been refunded; what our own
    /// refunds (done or under way) do not explain was refunded elsewhere (Stripe's dashboard): recorded, announced.
    /// </summary>
    internal static async Task RecordRefundedElsewhereAsync(
        PaymentsDb db, Payment payment, decimal providerTotal, string response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (providerTotal <= payment.RefundedAmount || payment.Refundable <= 0)
        {
            return;
        }

        var extra = Math.Min(providerTotal - payment.RefundedAmount - await PendingRefundsAsync(db, payment.Id, cancellationToken), payment.Refundable);
        if (extra <= 0)
        {
            return;
        }

        db.Transactions.Add(PaymentTransaction.ExternalRefund(payment, extra, response, now));
        payment.RecordRefund(extra, now);
        db.AddEvent(new PaymentRefunded(payment.Id, payment.OrderId, payment.UserId, extra, payment.Currency, payment.Status == PaymentStatus.Refunded, now));
    }

    private async Task<PaymentTransaction> RecordAsync(Guid refundId, ProviderAnswer<RefundResult> answer, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var refund = await db.Transactions.FirstAsync(t => t.Id == refundId, ct);
            // Every writer of a payment's refunds locks the payment first.
            var payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {refund.PaymentId} FOR UPDATE").ToListAsync(ct)).Single();
            await db.Entry(refund).ReloadAsync(ct);
            var now = clock.GetUtcNow();
            if (refund.Status == TransactionStatus.Pending)
            {
                switch (answer)
                {
                    case { Result: { Succeeded: true } result }:
                        refund.Complete(true, result.Response, now);
                        payment.RecordRefund(refund.Amount, now);
                        db.AddEvent(new PaymentRefunded(payment.Id, payment.OrderId, payment.UserId, refund.Amount, payment.Currency, payment.Status == PaymentStatus.Refunded, now));
                        LogRefunded(logger, payment.Id, refund.Amount, payment.Status == PaymentStatus.Refunded);
                        break;
                    case { Result: { } result }:
                        refund.Complete(false, result.Response, now);
                        LogRefused(logger, payment.Id, refund.Amount, result.FailureCode ?? "unknown", result.FailureMessage ?? string.Empty);
                        break;
                    default:
                        refund.Postpone(answer.Fault!.ToJson(), now + TimeSpan.FromTicks(Math.Max(options.Value.RetryDelay(refund.Attempts).Ticks, gateway.Timeout.Ticks)));
                        LogPostponed(logger, payment.Id, answer.Fault.Message);
                        break;
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return refund;
        }, cancellationToken);
    }

    private static Task<decimal> PendingRefundsAsync(PaymentsDb db, Guid paymentId, CancellationToken cancellationToken) =>
        db.Transactions.Where(t => t.PaymentId == paymentId && t.Type == TransactionType.Refund && t.Status == TransactionStatus.Pending)
            .SumAsync(t => t.Amount, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refunded {Amount} of payment {PaymentId} (fully refunded: {Fully})")]
    private static partial void LogRefunded(ILogger logger, Guid paymentId, decimal amount, bool fully);

    [LoggerMessage(Level = LogLevel.Error, Message = "The provider refused a refund of {Amount} of payment {PaymentId}: {Code} {Message}")]
    private static partial void LogRefused(ILogger logger, Guid paymentId, decimal amount, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A refund of payment {PaymentId} got no answer and will be sent again: {Reason}")]
    private static partial void LogPostponed(ILogger logger, Guid paymentId, string reason);
}
