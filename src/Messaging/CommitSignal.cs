using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Messaging;

/// <summary>
/// Wakes a worker the moment rows of <typeparamref name="TEntity"/> it works on are committed,
/// instead of at its next poll: the outbox relay (outbox rows), the notification dispatcher
/// (pending notifications). The poll stays as the safety net; the signal only makes it early.
/// </summary>
public sealed class CommitSignal<TEntity>
    where TEntity : class
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: the worker takes everything committed when it wakes.
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

public static class CommitSignals
{
    /// <summary>
    /// Registers the signal and the interceptor that raises it; <paramref name="wakes"/> says which
    /// added rows are work (all of them by default). Register before the DbContext: interceptors in
    /// DI join every context <c>AddBazaarDbContext</c> builds.
    /// </summary>
    public static IServiceCollection AddCommitSignal<TEntity>(this IServiceCollection services, Func<TEntity, bool>? wakes = null)
        where TEntity : class
    {
        services.TryAddSingleton<CommitSignal<TEntity>>();
        services.AddSingleton<IInterceptor>(provider => new CommitSignalInterceptor<TEntity>(provider.GetRequiredService<CommitSignal<TEntity>>(), wakes ?? (_ => true)));
        return services;
    }
}

/// <summary>
/// Notices SaveChanges that add rows the worker waits for and signals it after they are committed:
/// right after SaveChanges without a transaction, or when the surrounding transaction commits
/// (event handlers run inside the consumer's transaction).
/// </summary>
/// <remarks>
/// The contexts with rows waiting for a commit are kept in a lock-free map (a weak table's lock
/// was the hottest contention point under concurrent commits). An entry leaves on commit, roll
/// back or failure; one left by a transaction disposed without either is bounded by the context
/// pool, and costs at most one early wake-up of the worker when that context is used again.
/// </remarks>
internal sealed class CommitSignalInterceptor<TEntity>(CommitSignal<TEntity> signal, Func<TEntity, bool> wakes) : SaveChangesInterceptor, IDbTransactionInterceptor
    where TEntity : class
{
    private readonly ConcurrentDictionary<DbContext, bool> pending = new(ReferenceEqualityComparer.Instance);

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

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfNoTransaction(eventData.Context);

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Rows are added through the DbSet, so they are tracked as Added at once and finding them
        // needs no DetectChanges pass; Entries() would run one over every tracked entity, and
        // SaveChanges runs its own next.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (tracker.Entries<TEntity>().Any(e => e.State == EntityState.Added && wakes(e.Entity)))
            {
                pending[context] = true;
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            pending.TryRemove(context, out _);
        }
    }

    private void ForgetIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Forget(context);
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
        if (context is not null && pending.TryRemove(context, out _))
        {
            signal.Notify();
        }
    }
}
