using System.Data;
using Bazaar.Analytics.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Reports;

/// <summary>
/// A report's queries read one snapshot of the database (REPEATABLE READ), so its series, totals
/// and breakdowns agree with each other even while events are being recorded.
/// </summary>
internal static class Snapshot
{
    public static Task<T> ReadAsync<T>(AnalyticsDb db, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var result = await read(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
