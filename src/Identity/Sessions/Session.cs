namespace Bazaar.Identity.Sessions;

/// <summary>
/// One login: every access token names it in its <c>sid</c> claim and every refresh token belongs
/// to it, so ending the session ends all of them at once.
/// </summary>
public sealed class Session
{
    private Session()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset LastUsedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? UserAgent { get; private set; }

    public string? IpAddress { get; private set; }

    public static Session Start(Guid userId, DateTimeOffset now, TimeSpan lifetime, string? userAgent, string? ipAddress) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        CreatedAt = now,
        LastUsedAt = now,
        ExpiresAt = now + lifetime,
        UserAgent = userAgent is { Length: > MaxUserAgentLength } ? userAgent[..MaxUserAgentLength] : userAgent,
        IpAddress = ipAddress,
    };

    public const int MaxUserAgentLength = 512;

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public void Touch(DateTimeOffset now) => LastUsedAt = now;
}

/// <summary>A refresh token as stored: only its SHA-256, never the token itself. Used once.</summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
    }

    public byte[] Hash { get; private set; } = [];

    public Guid SessionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Set when the token was exchanged for a new pair; a second use means it was stolen.</summary>
    public DateTimeOffset? UsedAt { get; private set; }

    public static RefreshToken For(byte[] hash, Guid sessionId, DateTimeOffset now) =>
        new() { Hash = hash, SessionId = sessionId, CreatedAt = now };
}
