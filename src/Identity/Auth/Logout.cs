using System.Security.Claims;
using Bazaar.Identity.Sessions;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Identity.Auth;

public static class Logout
{
    public static RouteGroupBuilder MapLogout(this RouteGroupBuilder group)
    {
        group.MapPost("/logout", HandleAsync)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("End the session of the presented access token");
        return group;
    }

    internal static async Task<NoContent> HandleAsync(ClaimsPrincipal principal, SessionTokens sessions, CancellationToken cancellationToken)
    {
        // A service client's token has no session: there is nothing to end.
        if (principal.SessionId() is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, SessionTokens.Reasons.Logout, cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
