using System.Security.Claims;
using Bazaar.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Web.Auth;

/// <summary>
/// The API tokens live in the encrypted auth cookie, never in the browser's reach: both in the
/// authentication properties, and both also as claims, because an interactive circuit
/// sees only the principal (not the properties) of the cookie it was opened with.
/// The refresh token is there too, so a circuit that outlives its access token can refresh.
/// </summary>
public static class TokenCookie
{
    public const string AccessTokenClaim = "bazaar:access_token";
    public const string RefreshTokenClaim = "bazaar:refresh_token";
    public const string RolesClaim = "roles";
    public const string NameClaim = "name";

    /// <summary>"true" or "false" from the access token; absent from a token made before Identity said it.</summary>
    public const string EmailVerifiedClaim = "email_verified";

    public static ClaimsPrincipal Principal(TokenPair tokens)
    {
        // The token came straight from Identity over the web app's own call: reading it is enough here,
        // the services validate it on every API call.
        var jwt = new JsonWebToken(tokens.AccessToken);
        var claims = new List<Claim>
        {
            new("sub", jwt.Subject ?? ""),
            new(AccessTokenClaim, tokens.AccessToken),
            new(RefreshTokenClaim, tokens.RefreshToken),
        };
        if (jwt.TryGetPayloadValue<string>("email", out var email))
        {
            claims.Add(new("email", email));
        }

        claims.Add(new(NameClaim, jwt.TryGetPayloadValue<string>("name", out var name) ? name : email ?? "you"));
        if (jwt.TryGetPayloadValue<bool>(EmailVerifiedClaim, out var verified))
        {
            claims.Add(new(EmailVerifiedClaim, verified ? "true" : "false"));
        }

        claims.AddRange(jwt.Claims.Where(c => c.Type == RolesClaim).Select(c => new Claim(RolesClaim, c.Value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, NameClaim, RolesClaim));
    }

    public static AuthenticationProperties Properties(TokenPair tokens, AuthenticationProperties? existing = null)
    {
        var properties = existing ?? new AuthenticationProperties { IsPersistent = true };
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = tokens.AccessToken },
            new AuthenticationToken { Name = "refresh_token", Value = tokens.RefreshToken },
            new AuthenticationToken { Name = "expires_at", Value = DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn).ToString("o") },
        ]);
        return properties;
    }

    public static Task SignInAsync(HttpContext context, TokenPair tokens) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(tokens), Properties(tokens));

    /// <summary>When the access token stops working, read from the token itself.</summary>
    public static DateTimeOffset ExpiresAt(string accessToken) => new JsonWebToken(accessToken).ValidTo;

    /// <summary>When the token was issued (its <c>iat</c>, or the distant past without one) and when it expires.</summary>
    public static (DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) Lifetime(string accessToken)
    {
        var jwt = new JsonWebToken(accessToken);
        return (jwt.IssuedAt == DateTime.MinValue ? DateTimeOffset.MinValue : jwt.IssuedAt, jwt.ValidTo);
    }
}
