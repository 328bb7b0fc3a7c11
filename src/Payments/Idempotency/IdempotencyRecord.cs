namespace Bazaar.Payments.Idempotency;

/// <summary>
/// One Idempotency-Key of one user: the request it was first used with (a hash), and once that
/// request finished, its response to replay. Unfinished (no response yet) means still running.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 255;

    public Guid UserId { get; init; }

    public required string Key { get; init; }

    public required string RequestHash { get; init; }

    public int? StatusCode { get; init; }

    public string? ContentType { get; init; }

    public string? ResponseBody { get; init; }

    public string? Location { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
