using System.Security.Cryptography;
using System.Text.Json;
using Bazaar.Ordering.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Ordering.Idempotency;

public enum ClaimOutcome
{
    /// <summary>This request owns the key: do the work, then complete the record with the response.</summary>
    Claimed,

    /// <summary>The same body completed before: answer its response again, do nothing.</summary>
    Replay,

    /// <summary>The key was used with another body: 422.</summary>
    Mismatch,

    /// <summary>The first request with this key is still running: 409.</summary>
    InProgress,
}

public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord? Record);

/// <summary>
/// The contract's Idempotency-Key, per user, in PostgreSQL. A key is claimed by inserting its row
/// (the primary key (user_id, key) lets one request win); the winner completes it in the same
/// SaveChanges as its effect, or releases it when it ends without one, so a retry may run again.
/// </summary>
public sealed class IdempotentRequests(OrderingDb db, IOptions<OrderingOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";

    private static readonly JsonSerializerOptions HashOptions = new(JsonSerializerDefaults.Web);

    public static string Hash<TRequest>(TRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, HashOptions)));

    /// <summary>Null when the key is usable, else why not (for a 400).</summary>
    public static string? Check(string key) =>
        string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyRecord.MaxKeyLength || key.Any(char.IsControl)
            ? $"{Header} must be 1 to {IdempotencyRecord.MaxKeyLength} printable characters."
            : null;

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var inserted = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ({userId}, {key}, {requestHash}, {now}) ON CONFLICT DO NOTHING",
                cancellationToken);
            var record = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
            if (record is null)
            {
                continue; // expired and deleted between the insert and the read: claim again
            }

            if (inserted == 1)
            {
                db.IdempotencyKeys.Attach(record);
                return new IdempotencyClaim(ClaimOutcome.Claimed, record);
            }

            // Past the retention the key is forgotten; a first request that died is forgotten after its lease.
            var forgotten = record.CreatedAt <= now - settings.IdempotencyRetention
                || (!record.IsComplete && record.RequestHash == requestHash && record.CreatedAt <= now - settings.IdempotencyLease);
            if (forgotten)
            {
                await DeleteAsync(record, cancellationToken);
                continue;
            }

            if (record.RequestHash != requestHash)
            {
                return new IdempotencyClaim(ClaimOutcome.Mismatch, record);
            }

            return new IdempotencyClaim(record.IsComplete ? ClaimOutcome.Replay : ClaimOutcome.InProgress, record);
        }

        return new IdempotencyClaim(ClaimOutcome.InProgress, null);
    }

    /// <summary>Gives the key back after a request that changed nothing (invalid, or a dependency down).</summary>
    public async Task ReleaseAsync(IdempotencyRecord record)
    {
        db.Entry(record).State = EntityState.Detached;
        await db.IdempotencyKeys
            .Where(r => r.UserId == record.UserId && r.Key == record.Key && r.CreatedAt == record.CreatedAt && r.ResponseStatus == null)
            .ExecuteDeleteAsync(CancellationToken.None);
    }

    public static IResult Replay(IdempotencyRecord record, HttpContext http)
    {
        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Content(record.ResponseBody, "application/json; charset=utf-8", statusCode: record.ResponseStatus);
    }

    public static ProblemHttpResult Mismatch() => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Idempotency-Key reused",
        detail: $"This {Header} was used with another request body; use a new key for a new request.");

    public static ProblemHttpResult InProgress() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Request in progress",
        detail: $"The first request with this {Header} is still running; retry shortly to get its response.");

    private Task<int> DeleteAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        db.IdempotencyKeys
            .Where(r => r.UserId == record.UserId && r.Key == record.Key && r.CreatedAt == record.CreatedAt)
            .ExecuteDeleteAsync(cancellationToken);
}
