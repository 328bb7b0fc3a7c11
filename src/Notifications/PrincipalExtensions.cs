using System.Security.Claims;
using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Notifications;

internal static class PrincipalExtensions
{
    /// <summary>The user id of a person's token; null for a service client's token.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(BazaarClaims.Subject), out var id) ? id : null;
}
