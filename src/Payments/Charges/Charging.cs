using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Charges;

public enum StartStatus
{
    Started,
    UnknownOrder,
    NotYours,
    NotPayable,
    AlreadyPaid,
    InProgress,
}

public sealed record StartOutcome(StartStatus Status, string Detail, Payment? Payment = null);

/// <summary>
/// Charging an order in three steps, none of which holds a transaction while the provider works:
/// (1) the payment is inserted pending and committed (the unique index admits one live payment per
/// order), (2) the provider is called under the payment id as idempotency key, (3) its answer is
/// recorded with PaymentSucceeded or PaymentFailed in the outbox, in one transaction. With no
/// answer (a timeout) the payment stays pending and the worker asks the provider later.
/// </summary>
public sealed partial class Charging(
    PaymentsDb db, PaymentGateway gateway, TimeProvider clock, IOptions<PaymentsOptions> options, ILogger<Charging> logger)
{
    /// <summary>Step 1 for an owner's request, in a transaction of its own.</summary>
    public async Task<StartOutcome> StartAsync(Guid orderId, Guid userId, string paymentMethodId, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var outcome = await TryStartAsync(orderId, userId, paymentMethodId, ct);
            await transaction.CommitAsync(ct);
            return outcome;
        }, cancellationToken);
    }

    /// <summary>Step 1 inside the caller's transaction (saved, not committed); <paramref name="userId"/> null skips the owner check.</summary>
    public async Task<StartOutcome> TryStartAsync(Guid orderId, Guid? userId, string paymentMethodId, CancellationToken cancellationToken)
    {
        // FOR SHARE: a cancellation of this order waits for the start to commit, or the start sees it.
        var order = (await db.Orders.FromSql($"SELECT * FROM payable_orders WHERE order_id = {orderId} FOR SHARE").AsNoTracking().ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (order is null)
        {
            return new(StartStatus.UnknownOrder, "Payments has not been told that this order awaits payment (yet).");
        }

        if (userId is { } user && order.UserId != user)
        {
            return new(StartStatus.NotYours, "There is no such order.");
        }

        var now = clock.GetUtcNow();
        if (order.WhyNotPayable(now) is { } why)
        {
            return new(StartStatus.NotPayable, why);
        }

        var live = await db.LivePaymentStatusAsync(orderId, cancellationToken);
        if (live is not null)
        {
            return live == PaymentStatus.Pending ? InProgress() : new(StartStatus.AlreadyPaid, "The order is already paid.");
        }

        var payment = Payment.Start(order, paymentMethodId, now);
        // The worker leaves the charge alone while this caller may still be waiting for the provider.
        var charge = PaymentTransaction.Charge(payment, now, askAgainAt: now + gateway.Timeout + options.Value.RetryBaseDelay);
        db.Payments.Add(payment);
        db.Transactions.Add(charge);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (PaymentAccess.IsUniqueViolation(ex, PaymentsDb.OneLivePaymentPerOrder))
        {
            // Another attempt inserted its payment between our look and our insert; EF rolled back to
            // its savepoint, so the caller's transaction goes on without ours.
            db.Entry(payment).State = EntityState.Detached;
            db.Entry(charge).State = EntityState.Detached;
            return InProgress();
        }

        return new(StartStatus.Started, "Started.", payment);
    }

    /// <summary>
    /// Steps 2 and 3: no transaction is open while the provider works. An <paramref name="automatic"/>
    /// charge the provider did not take (down, or our breaker open, so certainly not charged) is not
    /// a failure anyone should hear of: the attempt is undone and the request queued again.
    /// </summary>
    public async Task<Payment> ChargeAsync(Payment payment, bool automatic, CancellationToken cancellationToken)
    {
        var answer = await gateway.ChargeAsync(new ChargeOrder(payment.Id, payment.OrderId, payment.Amount, payment.Currency, payment.PaymentMethod), cancellationToken);
        return automatic && answer.Fault is { Kind: FaultKind.Unavailable } fault
            ? await RequeueAsync(payment, fault, cancellationToken)
            : await RecordAsync(payment.Id, answer, fromLookup: false, cancellationToken);
    }

    private async Task<Payment> RequeueAsync(Payment attempt, ProviderFault fault, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Request before payment: the order everyone locks in.
            var request = await db.LockChargeRequestAsync(attempt.OrderId, ct);
            var payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {attempt.Id} FOR UPDATE").ToListAsync(ct)).Single();
            if (payment.Status == PaymentStatus.Pending)
            {
                await UndoAutomaticAttemptAsync(payment, request, fault.Message, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return payment;
        }, cancellationToken);
    }

    /// <summary>
    /// A pending automatic charge the provider certainly never took (it refused it, or a lookup
    /// finds nothing): the attempt is undone, as if never made, and its request queued again with a
    /// backoff. False when <paramref name="payment"/> is not the attempt of an automatic charge.
    /// The caller holds the row locks of both and saves.
    /// </summary>
    private async Task<bool> UndoAutomaticAttemptAsync(Payment payment, ChargeRequest? request, string why, CancellationToken cancellationToken)
    {
        if (request is null || request.PaymentId != payment.Id)
        {
            return false;
        }

        // Its ledger goes with it: the rows saved, and what this unit of work holds of them or was to add (a lookup's record).
        await db.Transactions.Where(t => t.PaymentId == payment.Id).ExecuteDeleteAsync(cancellationToken);
        foreach (var entry in db.ChangeTracker.Entries<PaymentTransaction>().Where(e => e.Entity.PaymentId == payment.Id).ToList())
        {
            entry.State = EntityState.Detached;
        }

        db.Payments.Remove(payment);
        request.Retry(why, clock.GetUtcNow() + options.Value.RetryDelay(request.Attempts + 1));
        LogRequeued(logger, payment.OrderId, why);
        return true;
    }

    private static StartOutcome InProgress() => new(StartStatus.InProgress, "A payment of this order is under way; wait for its outcome.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic charge of order {OrderId} not taken by the provider, queued again: {Reason}")]
    private static partial void LogRequeued(ILogger logger, Guid orderId, string reason);
}
