namespace Bazaar.Identity.Users;

/// <summary>A person with an account: profile, credentials and the lockout state of the password.</summary>
public sealed class User
{
    private User()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Always normalized (trimmed, lower case); unique.</summary>
    public string Email { get; private set; } = "";

    public string? Mobile { get; private set; }

    public string PasswordHash { get; private set; } = "";

    public List<string> Roles { get; private set; } = [];

    /// <summary>True once the user followed a verification link sent to <see cref="Email"/>.</summary>
    public bool EmailVerified { get; private set; }

    public DateTimeOffset? EmailVerifiedAt { get; private set; }

    /// <summary>
    /// Raised whenever what a token says of the user stops being true (their roles): tokens carry it,
    /// and one with a lower stamp is refused everywhere (SessionDenylist), so the change takes effect
    /// on the next request rather than when the token expires.
    /// </summary>
    public long AccessStamp { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Wrong passwords since the last success or the last lockout.</summary>
    public int FailedLoginCount { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public static User Create(string name, string email, string? mobile, IEnumerable<string> roles, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name.Trim(),
        Email = NormalizeEmail(email),
        Mobile = NormalizeMobile(mobile),
        Roles = [.. roles.Distinct(StringComparer.Ordinal)],
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static string? NormalizeMobile(string? mobile) => string.IsNullOrWhiteSpace(mobile) ? null : mobile.Trim();

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil > now;

    public void SetPasswordHash(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>A new password chosen by the user (change or reset): a lockout of the old one ends with it.</summary>
    public void ChangePassword(string passwordHash, DateTimeOffset now)
    {
        PasswordHash = passwordHash;
        UpdatedAt = now;
        ClearLoginFailures();
    }

    /// <summary>True when this verified the address; false when it was verified already.</summary>
    public bool VerifyEmail(DateTimeOffset now)
    {
        if (EmailVerified)
        {
            return false;
        }

        EmailVerified = true;
        EmailVerifiedAt = now;
        UpdatedAt = now;
        return true;
    }

    public void UpdateProfile(string name, string? mobile, DateTimeOffset now)
    {
        Name = name.Trim();
        Mobile = NormalizeMobile(mobile);
        UpdatedAt = now;
    }

    /// <summary>True when the roles changed (and with them the access stamp).</summary>
    public bool SetRoles(IEnumerable<string> roles, DateTimeOffset now)
    {
        var next = roles.Distinct(StringComparer.Ordinal).ToList();
        UpdatedAt = now;
        if (next.Order(StringComparer.Ordinal).SequenceEqual(Roles.Order(StringComparer.Ordinal)))
        {
            Roles = next;
            return false;
        }

        Roles = next;
        AccessStamp++;
        return true;
    }

    public void ClearLoginFailures()
    {
        FailedLoginCount = 0;
        LockedUntil = null;
    }
}
