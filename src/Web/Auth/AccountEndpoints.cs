using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Auth;

/// <summary>
/// Sign-out is a plain form post (antiforgery-checked): a cookie can only be cleared by an HTTP
/// response, never from an interactive circuit. Sign-in and registration are static-rendered
/// forms (Components/Pages/Account) for the same reason.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/signout", SignOutAsync);
        app.MapGet("/account/renew", RenewAsync);
        return app;
    }

    /// <summary>
    /// Rewrites the cookie with a newly issued token pair, then goes back: after a profile change the
    /// name shown comes from the token. A GET, because an interactive page can only leave by navigating;
    /// all a forged link could do is rotate the visitor's own tokens.
    /// </summary>
    private static async Task<IResult> RenewAsync(HttpContext context, TokenRefresher refresher, string? returnUrl)
    {
        var signedIn = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (signedIn is { Succeeded: true, Properties: { } properties }
            && properties.GetTokenValue("refresh_token") is { } refreshToken
            && await refresher.RenewAsync(refreshToken) is { } pair)
        {
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TokenCookie.Principal(pair), TokenCookie.Properties(pair, properties));
        }

        return TypedResults.LocalRedirect(LocalUrl(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AuthApi auth, [FromForm] string? returnUrl)
    {
        if (await context.GetTokenAsync("access_token") is { } token)
        {
            // Ends the session at Identity too, so a copied cookie or token stops working.
            await auth.LogoutAsync(token, ClientIp(context));
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(LocalUrl(returnUrl));
    }

    /// <summary>The shopper's address (the gateway's X-Forwarded-For, applied by the forwarded-headers middleware).</summary>
    public static string? ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>Only paths of this site, so a crafted link cannot send a signed-in user elsewhere.</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
