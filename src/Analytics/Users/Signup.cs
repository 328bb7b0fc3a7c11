namespace Bazaar.Analytics.Users;

/// <summary>A user's registration, once per user.</summary>
public sealed class Signup
{
    private Signup()
    {
    }

    public Guid UserId { get; private init; }

    public DateTimeOffset RegisteredAt { get; private init; }

    public static Signup Create(Guid userId, DateTimeOffset registeredAt) => new() { UserId = userId, RegisteredAt = registeredAt.ToUniversalTime() };
}
