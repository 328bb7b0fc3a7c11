using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Bazaar.Web.Auth;

/// <summary>
/// An interactive circuit keeps the principal it was opened with. Every few seconds it asks whether
/// that principal's access token was refused since (session ended, roles changed); when it was, the
/// circuit is signed out, so a demoted admin's open admin page closes. The next page load renews the
/// cookie with the new roles (<see cref="TokenRefreshEvents"/>).
/// </summary>
public sealed class CircuitAuthentication(ILoggerFactory loggers, TokenStanding standing) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.FindFirst(TokenCookie.AccessTokenClaim)?.Value is not { } token || !await standing.IsRefusedAsync(token);
}
