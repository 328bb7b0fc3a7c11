namespace Bazaar.Identity.Auth;

/// <summary>
/// One POST /api/auth/password-reset, for a known email (with its user) or an unknown one alike:
/// written on both paths so that both do the same work and take about the same time. Kept a day.
/// </summary>
public sealed class PasswordResetRequest
{
    private PasswordResetRequest()
    {
    }

    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public Guid Id { get; private set; }

    /// <summary>Null for an email nobody registered with (which is not kept).</summary>
    public Guid? UserId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public static PasswordResetRequest For(Guid? userId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), UserId = userId, RequestedAt = now };
}
