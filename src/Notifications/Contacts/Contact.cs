namespace Bazaar.Notifications.Contacts;

/// <summary>
/// Our copy of how to reach a user, fed by Identity's events (never by calling Identity). Profile
/// and roles each remember the time of the event they came from, so that events arriving out of
/// order never replace newer data with older.
/// </summary>
public sealed class Contact
{
    public const string AdminRole = "admin";

    private Contact()
    {
    }

    public Guid UserId { get; private set; }

    /// <summary>Null while only a roles change has arrived for this user.</summary>
    public string? Name { get; private set; }

    public string? Email { get; private set; }

    public string? Mobile { get; private set; }

    public List<string> Roles { get; private set; } = [];

    public DateTimeOffset ProfileAsOf { get; private set; }

    public DateTimeOffset RolesAsOf { get; private set; }

    public bool IsAdmin => Roles.Contains(AdminRole);

    public static Contact For(Guid userId) => new()
    {
        UserId = userId,
        ProfileAsOf = DateTimeOffset.MinValue,
        RolesAsOf = DateTimeOffset.MinValue,
    };

    public void UpdateProfile(string name, string email, string? mobile, DateTimeOffset asOf)
    {
        if (asOf < ProfileAsOf)
        {
            return;
        }

        Name = name.Trim();
        Email = email.Trim();
        Mobile = string.IsNullOrWhiteSpace(mobile) ? null : mobile.Trim();
        ProfileAsOf = asOf;
    }

    public void UpdateRoles(IEnumerable<string> roles, DateTimeOffset asOf)
    {
        if (asOf < RolesAsOf)
        {
            return;
        }

        Roles = roles.Distinct(StringComparer.Ordinal).ToList();
        RolesAsOf = asOf;
    }
}
