namespace Bazaar.Identity;

/// <summary>Identity's own settings, bound from the "Identity" configuration section.</summary>
public sealed class IdentityServiceOptions
{
    public const string Section = "Identity";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a login session (and so its refresh tokens) lives, counted from the login.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    public LockoutPolicy Lockout { get; set; } = new();

    /// <summary>How long a mailed password-reset token works.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a mailed email-verification token works (a newer one replaces it earlier).</summary>
    public TimeSpan EmailVerificationLifetime { get; set; } = TimeSpan.FromDays(7);

    public AdminSeedOptions Admin { get; set; } = new();

    /// <summary>Confidential service clients allowed the client_credentials grant.</summary>
    public List<ServiceClientOptions> Clients { get; set; } = [];

    internal bool IsValid() =>
        AccessTokenLifetime > TimeSpan.Zero
        && SessionLifetime > TimeSpan.Zero
        && PasswordResetLifetime > TimeSpan.Zero
        && EmailVerificationLifetime > TimeSpan.Zero
        && Lockout.MaxFailedAttempts > 0
        && Lockout.Duration > TimeSpan.Zero
        && Clients.TrueForAll(c => !string.IsNullOrWhiteSpace(c.ClientId) && !string.IsNullOrEmpty(c.ClientSecret));
}

public sealed class LockoutPolicy
{
    /// <summary>Wrong passwords in a row that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class AdminSeedOptions
{
    public bool Seed { get; set; } = true;

    public string Email { get; set; } = "admin@bazaar.local";

    public string Name { get; set; } = "Bazaar Admin";

    /// <summary>The contract's development default; BAZAAR_ADMIN_PASSWORD overrides it.</summary>
    public const string DefaultPassword = "Admin-Dev-Password-1";

    public const string PasswordVariable = "BAZAAR_ADMIN_PASSWORD";
}

public sealed class ServiceClientOptions
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Roles the client's tokens carry; empty means just "service".</summary>
    public List<string> Roles { get; set; } = [];

    internal IReadOnlyList<string> EffectiveRoles => Roles.Count > 0 ? Roles : [Bazaar.ServiceDefaults.Auth.Roles.Service];
}
