using System.Security.Claims;

namespace Bazaar.ServiceDefaults.Auth;

/// <summary>Who a validated token speaks for, read the same way by every service.</summary>
public static class PrincipalExtensions
{
    /// <summary>The user id of a person's token; null for a service client's token.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(BazaarClaims.Subject), out var id) ? id : null;

    /// <summary>The session of a person's token; null for a service client's token.</summary>
    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(BazaarClaims.Session), out var id) ? id : null;
}
