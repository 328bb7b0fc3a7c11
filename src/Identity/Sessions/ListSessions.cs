using System.Security.Claims;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Sessions;

public static class ListSessions
{
    public sealed record Response(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, bool Current);

    public static RouteGroupBuilder MapListSessions(this RouteGroupBuilder group)
    {
        group.MapGet("/sessions", HandleAsync)
            .RequireAuthorization()
            .WithName("ListSessions")
            .WithSummary("My active sessions");
        return group;
    }

    internal static async Task<Ok<List<Response>>> HandleAsync(
        ClaimsPrincipal principal,
        IdentityDb db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return TypedResults.Ok(new List<Response>());
        }

        var now = clock.GetUtcNow();
        var current = principal.SessionId();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastUsedAt)
            .Select(s => new Response(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Id == current))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(sessions);
    }
}
