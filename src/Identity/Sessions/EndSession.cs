using System.Security.Claims;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Sessions;

public static class EndSession
{
    public static RouteGroupBuilder MapEndSession(this RouteGroupBuilder group)
    {
        group.MapDelete("/sessions/{id:guid}", HandleAsync)
            .RequireAuthorization()
            .WithName("EndSession")
            .WithSummary("End one of my sessions (its tokens stop working at once)");
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id,
        ClaimsPrincipal principal,
        IdentityDb db,
        SessionTokens sessions,
        CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var mine = userId is not null && await db.Sessions.AnyAsync(s => s.Id == id && s.UserId == userId, cancellationToken);
        if (!mine)
        {
            // Another user's session is answered exactly like one that does not exist.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Session not found",
                detail: "There is no such session of yours.");
        }

        await sessions.RevokeAsync(id, SessionTokens.Reasons.EndedByUser, cancellationToken);
        return TypedResults.NoContent();
    }
}
