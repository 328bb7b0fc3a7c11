using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bazaar.Web.Auth;

/// <summary>
/// On every request with the cookie: swap a near-expiry access token for a fresh pair, and a refused
/// one (the user's roles changed) for a pair issued now, and rewrite the cookie; sign out when the
/// session is over.
/// </summary>
public sealed class TokenRefreshEvents(TokenRefresher refresher) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var access = context.Properties.GetTokenValue("access_token");
        var refresh = context.Properties.GetTokenValue("refresh_token");
        if (access is null || refresh is null)
        {
            await Reject(context);
            return;
        }

        var (next, ended) = await refresher.NextAsync(access, refresh);
        if (ended)
        {
            await Reject(context);
            return;
        }

        if (next is not { } pair)
        {
            return;
        }

        context.ReplacePrincipal(TokenCookie.Principal(pair));
        TokenCookie.Properties(pair, context.Properties);
        context.ShouldRenew = true;
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
