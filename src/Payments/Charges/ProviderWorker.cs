using Bazaar.Messaging;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers;
using Bazaar.Payments.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Charges;

/// <summary>
/// Everything that talks to the provider outside a request: automatic charges Ordering asked for,
/// and operations whose outcome is still open (a charge that got no answer is looked up, a refund
/// that got none is sent again with the same key). Rows are taken with FOR UPDATE SKIP LOCKED in
/// short transactions, so instances share the work, and no transaction is open during a call.
/// </summary>
internal sealed partial class ProviderWorker(
    IServiceScopeFactory scopes,
    PaymentGateway gateway,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<ProviderWorker> logger) : DrainingBackgroundService
{
    private DateTimeOffset nextPurge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WorkerPollInterval, clock);
        do
        {
            try
            {
                await RoundAsync(stoppingToken, Abandoned);
            }
            catch (Exception ex) when (!Abandoned.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>
    /// One round: what is due is started unless <paramref name="stopping"/> (SIGTERM); what started
    /// (a charge or lookup with the provider) gets its answer recorded unless <paramref name="cancellationToken"/>
    /// (the host's shutdown timeout) says to abandon it, when its payment stays pending for the next instance.
    /// </summary>
    private async Task RoundAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        var work = new List<Func<Task>>();
        // Leased operations first: their lease runs from now, so they are not to wait behind the charges.
        foreach (var (paymentId, refundId) in await LeaseDueAsync(cancellationToken))
        {
            work.Add(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                if (refundId is { } id)
                {
                    await scope.ServiceProvider.GetRequiredService<Refunding>().SendAsync(id, cancellationToken);
                }
                else
                {
                    await scope.ServiceProvider.GetRequiredService<Charging>().VerifyAsync(paymentId, cancellationToken);
                }
            });
        }

        var requestsLeft = true;
        for (var i = 0; i < options.Value.WorkerBatchSize; i++)
        {
            // Each automatic charge is started (its payment inserted, pending) by the slot that calls
            // the provider for it, right before the call: the pending charge's lease covers the call,
            // so no other instance looks it up at the provider, finds nothing yet and fails it while
            // this one is about to charge the card. Slots end early once no request is left.
            work.Add(async () =>
            {
                // While the breaker is open an automatic charge would only fail; it waits for the provider instead.
                if (!Volatile.Read(ref requestsLeft) || gateway.IsOpen || stopping.IsCancellationRequested)
                {
                    return;
                }

                Payment? payment;
                TraceLink? trace;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    (var found, payment, trace) = await StartNextRequestedAsync(scope.ServiceProvider, cancellationToken);
                    if (!found)
                    {
                        Volatile.Write(ref requestsLeft, false);
                        return;
                    }
                }

                if (payment is not null)
                {
                    // The charge, and the PaymentSucceeded or PaymentFailed it publishes, continue the checkout's trace.
                    using var activity = trace?.Continue("automatic charge");
                    activity?.SetTag("bazaar.order_id", payment.OrderId);
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<Charging>().ChargeAsync(payment, automatic: true, cancellationToken);
                }
            });
        }

        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.WorkerConcurrency, CancellationToken = cancellationToken },
            async (step, _) => await step());
        await PurgeAsync(cancellationToken);
    }

    /// <summary>Takes the oldest queued automatic charge no other worker holds and starts it (or drops it, saying why).</summary>
    private async Task<(bool Found, Payment? Started, TraceLink? Trace)> StartNextRequestedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PaymentsDb>();
        var charging = services.GetRequiredService<Charging>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var request = (await db.ChargeRequests
                    .FromSql($"SELECT * FROM charge_requests WHERE status = 'queued' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                    .ToListAsync(ct))
                .SingleOrDefault();
            if (request is null)
            {
                return (false, (Payment?)null, (TraceLink?)null);
            }

            var outcome = await charging.TryStartAsync(request.OrderId, null, request.PaymentMethodId, ct);
            if (outcome.Payment is { } payment)
            {
                request.Started(payment.Id, clock.GetUtcNow());
            }
            else
            {
                request.Skip(outcome.Detail, clock.GetUtcNow());
                LogSkipped(logger, request.OrderId, outcome.Detail);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (true, outcome.Payment, request.Trace);
        }, cancellationToken);
    }

    /// <summary>Pending charges and refunds that are due, leased so no other worker takes them until the lease ends.</summary>
    private async Task<List<(Guid PaymentId, Guid? RefundId)>> LeaseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Transactions
                .FromSql($"SELECT * FROM transactions WHERE status = 'pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {options.Value.WorkerBatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            foreach (var operation in due)
            {
                // Long enough for the call to end before anyone may take it again.
                operation.Lease(now + gateway.Timeout + options.Value.RetryDelay(operation.Attempts + 1));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Select(t => (t.PaymentId, t.Type == TransactionType.Refund ? t.Id : (Guid?)null)).ToList();
        }, cancellationToken);
    }

    /// <summary>Webhook ids live 30 days (Stripe retries for 3): older rows only take space. (Idempotency keys have their own sweep.)</summary>
    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextPurge)
        {
            return;
        }

        nextPurge = now.AddHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDb>();
        var events = now.AddDays(-30);
        await db.WebhookEvents.Where(e => e.ReceivedAt < events).ExecuteDeleteAsync(cancellationToken);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic charge of order {OrderId} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Guid orderId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A payments worker round failed; trying again at the next tick")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
