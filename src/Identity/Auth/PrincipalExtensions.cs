using System.Security.Claims;
using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Identity.Auth;

internal static class PrincipalExtensions
{
    /// <summary>The user id of a person's token; null for a service client's token.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(BazaarClaims.Subject), out var id) ? id : null;

    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(BazaarClaims.Session), out var id) ? id : null;
}
