using System.Security.Claims;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Users;

public static class GetUser
{
    public static RouteGroupBuilder MapGetUser(this RouteGroupBuilder group)
    {
        group.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("My profile");
        group.MapGet("/{id:guid}", GetByIdAsync).WithName("GetUser").WithSummary("A profile (self or admin)");
        return group;
    }

    internal static Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, IdentityDb db, CancellationToken cancellationToken) =>
        principal.UserId() is { } id
            ? FindAsync(id, db, cancellationToken)
            : Task.FromResult<Results<Ok<UserResponse>, ProblemHttpResult>>(UserAccess.NotFound());

    internal static Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetByIdAsync(
        Guid id, ClaimsPrincipal principal, IdentityDb db, CancellationToken cancellationToken) =>
        UserAccess.MayAccess(principal, id)
            ? FindAsync(id, db, cancellationToken)
            : Task.FromResult<Results<Ok<UserResponse>, ProblemHttpResult>>(UserAccess.NotFound());

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> FindAsync(Guid id, IdentityDb db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? UserAccess.NotFound() : TypedResults.Ok(UserResponse.From(user));
    }
}

internal static class UserAccess
{
    /// <summary>A profile is for its owner and admins; to anyone else it does not exist.</summary>
    public static bool MayAccess(ClaimsPrincipal principal, Guid userId) =>
        principal.UserId() == userId || principal.IsInRole(Roles.Admin);

    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "User not found",
        detail: "There is no such user.");
}
