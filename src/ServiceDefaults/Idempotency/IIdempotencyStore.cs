namespace Bazaar.ServiceDefaults.Idempotency;

public enum ClaimOutcome
{
    /// <summary>This request owns the key: do the work, then complete the claim with the answer, or release it.</summary>
    Claimed,

    /// <summary>The same request completed before: answer its response again, do nothing.</summary>
    Replay,

    /// <summary>The key was used with another request: 422.</summary>
    Mismatch,

    /// <summary>The first request with this key is still running: 409.</summary>
    InProgress,
}

/// <summary>An answer as it was given, to give again: status, body as written, its content type and Location.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string Body, string? Location);

/// <summary>The outcome of claiming a key; <see cref="Response"/> is set for a replay.</summary>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, StoredResponse? Response = null)
{
    /// <summary>What the store needs to complete or release this claim, and no other.</summary>
    internal object? Holder { get; init; }
}

/// <summary>Where keys are kept: PostgreSQL beside the service's own data, or Redis for a service without a database.</summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// True when <see cref="Stage"/> puts the answer into the service's own unit of work (its next
    /// SaveChanges), so the effect and its replayable answer are written together or not at all.
    /// </summary>
    bool SavesWithWork { get; }

    Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken);

    void Stage(IdempotencyClaim claim, StoredResponse response);

    Task CompleteAsync(IdempotencyClaim claim, StoredResponse response);

    /// <summary>Gives the key back after a request that changed nothing, so a retry is judged afresh.</summary>
    Task ReleaseAsync(IdempotencyClaim claim);
}
