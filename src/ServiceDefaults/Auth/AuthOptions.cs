namespace Bazaar.ServiceDefaults.Auth;

/// <summary>How a service checks access tokens. Bound from the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The token issuer: the public base URL (the gateway's).</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:5000";

    public string Audience { get; set; } = "bazaar";

    /// <summary>Where this service fetches Identity's public keys (the internal address, not through the gateway).</summary>
    public string JwksUrl { get; set; } = "http://127.0.0.1:5101/.well-known/jwks.json";
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Vendor = "vendor";
    public const string Admin = "admin";

    /// <summary>Service clients (client_credentials) carry this role; internal routes require it.</summary>
    public const string Service = "service";

    public static readonly IReadOnlySet<string> Assignable = new HashSet<string>(StringComparer.Ordinal) { Customer, Vendor, Admin };
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Service = "service";
}

public static class BazaarClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string Roles = "roles";
    public const string Session = "sid";
    public const string TokenId = "jti";
    public const string ClientId = "client_id";

    /// <summary>
    /// The user's access stamp when the token was made: Identity raises it when the user's roles
    /// change, and a token with a lower one is refused (<see cref="SessionDenylist"/>).
    /// </summary>
    public const string AccessStamp = "access_stamp";
}
