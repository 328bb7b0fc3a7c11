using System.Data.Common;
using System.Runtime.CompilerServices;
using Bazaar.Notifications.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bazaar.Notifications.Delivery;

/// <summary>Wakes the dispatcher the moment new notifications are committed, instead of at its next poll.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: the dispatcher takes everything due when it wakes.
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wake.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Notices SaveChanges that add pending notifications and wakes the dispatcher once they are
/// committed: right after SaveChanges without a transaction, or when the transaction commits
/// (event handlers run inside the consumer's transaction).
/// </summary>
internal sealed class DispatchCommitInterceptor(DispatchSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalIfCommitted(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SignalPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => SignalPending(eventData.Context);

    private static void Remember(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<Notification>().Any(e => e.State == EntityState.Added && e.Entity.Status == NotificationStatus.Pending))
        {
            Pending.AddOrUpdate(context, true);
        }
    }

    private void SignalIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            SignalPending(context);
        }
    }

    private void SignalPending(DbContext? context)
    {
        if (context is not null && Pending.Remove(context))
        {
            signal.Notify();
        }
    }
}
