namespace Bazaar.Notifications.Preferences;

/// <summary>
/// Which channels a user wants. No row means the defaults. Every notice to the user honours them
/// (README.md, "Preferences"); only staff alerts and an admin's direct sends do not.
/// </summary>
public sealed class Preference
{
    private Preference()
    {
    }

    public Guid UserId { get; private set; }

    public bool Email { get; private set; }

    public bool Sms { get; private set; }

    public bool Push { get; private set; }

    public bool Marketing { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>What a user who never chose gets: email only, no marketing.</summary>
    public static Preference Defaults(Guid userId) => new() { UserId = userId, Email = true };

    public void Set(bool email, bool sms, bool push, bool marketing, DateTimeOffset now)
    {
        (Email, Sms, Push, Marketing) = (email, sms, push, marketing);
        UpdatedAt = now;
    }
}
