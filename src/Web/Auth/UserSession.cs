using Bazaar.Web.Api;
using Microsoft.AspNetCore.Components.Authorization;

namespace Bazaar.Web.Auth;

/// <summary>
/// The signed-in user's access token for API calls, per request or per circuit. A circuit can
/// outlive the token it was opened with; then it refreshes through <see cref="TokenRefresher"/>,
/// whose memory of rotated tokens lets the cookie catch up on the next page load.
/// </summary>
public sealed class UserSession(AuthenticationStateProvider authentication, TokenRefresher refresher, IHttpContextAccessor http)
{
    private TokenPair? refreshed;

    /// <summary>
    /// The shopper's address, for the gateway's per-client rate limits: known while the request (or
    /// the circuit's connection) that created this session is at hand, else null (no header sent).
    /// </summary>
    public string? ClientIp { get; } = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<string?> AccessTokenAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = refreshed?.AccessToken ?? user.FindFirst(TokenCookie.AccessTokenClaim)?.Value;
        var refreshToken = refreshed?.RefreshToken ?? user.FindFirst(TokenCookie.RefreshTokenClaim)?.Value;
        if (token is null || refreshToken is null)
        {
            return token;
        }

        // A token refused since it was issued (the user's roles changed) is swapped for one issued now.
        if ((await refresher.NextAsync(token, refreshToken)).Pair is { } pair)
        {
            refreshed = pair;
            return pair.AccessToken;
        }

        return token;
    }
}
