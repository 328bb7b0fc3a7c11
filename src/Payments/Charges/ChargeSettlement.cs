using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers;
using Bazaar.Payments.Refunds;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Charges;

/// <summary>Recording what the provider said about a charge: its answer, a lookup, or a webhook.</summary>
public sealed partial class Charging
{
    /// <summary>Asks the provider what became of the payment and records what it says; null when there is no such payment.</summary>
    public async Task<(Payment? Payment, ProviderFault? Fault)> VerifyAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
        {
            return (null, null);
        }

        var answer = await gateway.RetrieveAsync(new ChargeLookup(payment.Id, payment.OrderId, payment.ProviderReference, payment.CreatedAt), cancellationToken);
        return (await RecordAsync(paymentId, answer, fromLookup: true, cancellationToken), answer.Fault);
    }

    /// <summary>
    /// Applies a provider's word on a charge (an answer, a lookup, a webhook) inside the caller's
    /// transaction. Only a pending payment changes status; the first word to arrive wins.
    /// </summary>
    public async Task<Payment?> SettleAsync(Guid paymentId, ChargeResult result, bool fromLookup, CancellationToken cancellationToken)
    {
        var orderId = await db.Payments.Where(p => p.Id == paymentId).Select(p => (Guid?)p.OrderId).FirstOrDefaultAsync(cancellationToken);
        if (orderId is null)
        {
            return null;
        }

        // The lock order of every writer: charge request, then order, then payment.
        var request = await db.LockChargeRequestAsync(orderId.Value, cancellationToken);
        var payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {paymentId} FOR UPDATE").ToListAsync(cancellationToken)).Single();
        var now = clock.GetUtcNow();
        var charge = await PendingChargeAsync(paymentId, cancellationToken);
        if (fromLookup)
        {
            db.Transactions.Add(PaymentTransaction.Verify(payment, result.Response, now));
        }

        switch (result.State)
        {
            case ChargeState.Succeeded:
                if (payment.Succeed(result.Reference, now))
                {
                    charge?.Complete(true, result.Response, now);
                    db.AddEvent(new PaymentSucceeded(payment.Id, payment.OrderId, payment.UserId, payment.Amount, payment.Currency, payment.PaymentMethod, now));
                    LogSucceeded(logger, payment.Id, payment.OrderId);
                }

                break;
            case ChargeState.Failed:
                Fail(payment, charge, result.FailureCode ?? FailureCodes.CardDeclined, result.FailureMessage ?? "The payment was declined.", result.Reference, result.Response, now);
                break;
            // Not while the first caller may still be waiting for its answer: its request may be on the way.
            case ChargeState.NotFound when charge is null || charge.Attempts > 0 || charge.NextAttemptAt <= now:
                // An automatic charge whose worker stopped (or died) before the provider heard of it
                // is made again, as when the provider refused it; a shopper's own is told it failed.
                if (payment.Status != PaymentStatus.Pending || !await UndoAutomaticAttemptAsync(payment, request, NeverReceived, cancellationToken))
                {
                    Fail(payment, charge, FailureCodes.ProviderUnavailable, NeverReceived, null, result.Response, now);
                }

                break;
            case ChargeState.Processing when payment.Status == PaymentStatus.Pending && charge is not null:
                charge.Postpone(result.Response, AskAgainAt(charge, now));
                break;
        }

        if (result.State == ChargeState.Succeeded && payment.Status == PaymentStatus.Failed)
        {
            LogContradiction(logger, payment.Id, payment.OrderId);
        }
        else if (result.State == ChargeState.Succeeded)
        {
            await Refunding.RecordRefundedElsewhereAsync(db, payment, result.AmountRefunded, result.Response, now, cancellationToken);
        }

        return payment;
    }

    private async Task<Payment> RecordAsync(Guid paymentId, ProviderAnswer<ChargeResult> answer, bool fromLookup, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            Payment payment;
            if (answer.Result is { } result)
            {
                payment = (await SettleAsync(paymentId, result, fromLookup, ct))!;
            }
            else
            {
                payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {paymentId} FOR UPDATE").ToListAsync(ct)).Single();
                var charge = await PendingChargeAsync(paymentId, ct);
                var now = clock.GetUtcNow();
                if (answer.Fault is { Kind: FaultKind.Unavailable } fault && !fromLookup)
                {
                    // Refused before it reached the provider, or refused by it: certainly not charged.
                    Fail(payment, charge, FailureCodes.ProviderUnavailable, fault.Message, null, fault.ToJson(), now);
                }
                else if (payment.Status == PaymentStatus.Pending && charge is not null)
                {
                    // Maybe charged, maybe not: the payment keeps the order's slot until the provider says.
                    charge.Postpone(answer.Fault!.ToJson(), AskAgainAt(charge, now));
                    LogUnknown(logger, payment.Id, answer.Fault.Message);
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return payment;
        }, cancellationToken);
    }

    private const string NeverReceived = "The payment provider never received this charge; nothing was charged.";

    private void Fail(Payment payment, PaymentTransaction? charge, string code, string message, string? reference, string response, DateTimeOffset now)
    {
        if (!payment.Fail(code, message, reference, now))
        {
            return;
        }

        charge?.Complete(false, response, now);
        db.AddEvent(new PaymentFailed(payment.Id, payment.OrderId, payment.UserId, payment.Amount, payment.Currency, code, payment.FailureMessage!, now));
        LogFailed(logger, payment.Id, payment.OrderId, code);
    }

    private Task<PaymentTransaction?> PendingChargeAsync(Guid paymentId, CancellationToken cancellationToken) =>
        db.Transactions.Where(t => t.PaymentId == paymentId && t.Type == TransactionType.Charge && t.Status == TransactionStatus.Pending)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    private DateTimeOffset AskAgainAt(PaymentTransaction charge, DateTimeOffset now) =>
        now + TimeSpan.FromTicks(Math.Max(options.Value.RetryDelay(charge.Attempts).Ticks, gateway.Timeout.Ticks));

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} of order {OrderId} succeeded")]
    private static partial void LogSucceeded(ILogger logger, Guid paymentId, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} of order {OrderId} failed: {FailureCode}")]
    private static partial void LogFailed(ILogger logger, Guid paymentId, Guid orderId, string failureCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} stays pending, outcome unknown: {Reason}")]
    private static partial void LogUnknown(ILogger logger, Guid paymentId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The provider reports payment {PaymentId} of order {OrderId} succeeded, but it is recorded as failed: a person must reconcile it")]
    private static partial void LogContradiction(ILogger logger, Guid paymentId, Guid orderId);
}
