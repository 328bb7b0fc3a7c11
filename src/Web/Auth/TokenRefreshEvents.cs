using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bazaar.Web.Auth;

/// <summary>On every request with the cookie: swap a near-expiry access token for a fresh pair and rewrite the cookie.</summary>
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

        if (!TokenRefresher.IsNearExpiry(access))
        {
            return;
        }

        if (await refresher.RefreshAsync(refresh) is not { } pair)
        {
            await Reject(context);
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
