using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Data;

public static class IdentityTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the retrying execution strategy (which
    /// wants user transactions inside it), committing when it returns; the tracked state starts
    /// empty on every attempt. The work calls SaveChangesAsync itself.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this IdentityDb db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
