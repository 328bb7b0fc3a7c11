using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>
/// Keys in the service's own PostgreSQL database (<see cref="IdempotencyModel.AddIdempotencyKeys"/>).
/// A key is claimed by one statement that the primary key (user_id, key) lets only one request win;
/// the winner's row is tracked by the service's DbContext, so an answer staged with
/// <see cref="Stage"/> is written in the same SaveChanges as the work it answers.
/// </summary>
public sealed class EfIdempotencyStore<TDb>(TDb db, IOptions<IdempotencyOptions> options, TimeProvider clock) : IIdempotencyStore
    where TDb : DbContext
{
    public bool SavesWithWork => true;

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var records = db.Set<IdempotencyRecord>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var expired = now - options.Value.Retention;
            var stale = now - options.Value.Lease;

            // A new key is ours; so is one past its retention, or one whose first run with this very
            // request outlived its lease (that request died).
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ({userId}, {key}, {requestHash}, {now})
                ON CONFLICT (user_id, key) DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, status_code = NULL,
                        content_type = NULL, response_body = NULL, location = NULL, completed_at = NULL
                    WHERE idempotency_keys.created_at < {expired}
                       OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.created_at < {stale} AND idempotency_keys.request_hash = EXCLUDED.request_hash)
                """,
                cancellationToken) == 1;
            var record = await records.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
            if (record is null)
            {
                continue; // released (or swept) between the two statements: claim again
            }

            if (claimed)
            {
                records.Attach(record);
                return new IdempotencyClaim(ClaimOutcome.Claimed) { Holder = record };
            }

            return record switch
            {
                _ when record.RequestHash != requestHash => new IdempotencyClaim(ClaimOutcome.Mismatch),
                { Response: { } response } => new IdempotencyClaim(ClaimOutcome.Replay, response),
                _ => new IdempotencyClaim(ClaimOutcome.InProgress),
            };
        }

        return new IdempotencyClaim(ClaimOutcome.InProgress);
    }

    public void Stage(IdempotencyClaim claim, StoredResponse response) => Held(claim).Complete(response, clock.GetUtcNow());

    public async Task CompleteAsync(IdempotencyClaim claim, StoredResponse response)
    {
        var record = Held(claim);
        var now = clock.GetUtcNow();
        await Own(record).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.StatusCode, response.Status)
                .SetProperty(r => r.ContentType, response.ContentType)
                .SetProperty(r => r.ResponseBody, response.Body)
                .SetProperty(r => r.Location, response.Location)
                .SetProperty(r => r.CompletedAt, now),
            CancellationToken.None);
    }

    public async Task ReleaseAsync(IdempotencyClaim claim)
    {
        var record = Held(claim);
        db.Entry(record).State = EntityState.Detached;
        await Own(record).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>The row as this claim made it, unanswered: not a later claim's after a takeover.</summary>
    private IQueryable<IdempotencyRecord> Own(IdempotencyRecord record) =>
        db.Set<IdempotencyRecord>().Where(r => r.UserId == record.UserId && r.Key == record.Key && r.CreatedAt == record.CreatedAt && r.StatusCode == null);

    private static IdempotencyRecord Held(IdempotencyClaim claim) =>
        claim.Holder as IdempotencyRecord ?? throw new InvalidOperationException("Only a claim this store made can be completed or released.");
}
