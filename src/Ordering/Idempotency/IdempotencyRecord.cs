namespace Bazaar.Ordering.Idempotency;

/// <summary>
/// One Idempotency-Key of one user: the hash of the first request's body, and its response once
/// the request completed (null while it runs). The response is written in the same SaveChanges
/// as the order it created, so there is never an order without its replayable answer.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 255;

    public Guid UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the request as bound, so formatting and ignored fields do not count as "another body".</summary>
    public required string RequestHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int? ResponseStatus { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Location { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>xmin: completing a claim that expired and was taken over fails instead of overwriting.</summary>
    public uint Version { get; private set; }

    public bool IsComplete => ResponseStatus is not null;

    public void Complete(int status, string body, string? location, DateTimeOffset now)
    {
        (ResponseStatus, ResponseBody, Location, CompletedAt) = (status, body, location, now);
    }
}
