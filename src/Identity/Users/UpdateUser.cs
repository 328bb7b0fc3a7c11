using System.Security.Claims;
using Bazaar.Contracts.Identity;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Users;

public static class UpdateUser
{
    public sealed record Request(string? Name, string? Mobile);

    public static RouteGroupBuilder MapUpdateUser(this RouteGroupBuilder group)
    {
        group.MapPut("/me", UpdateMeAsync).WithName("UpdateMe").WithSummary("Update my name and mobile");
        group.MapPut("/{id:guid}", UpdateByIdAsync).WithName("UpdateUser").WithSummary("Update a profile (self or admin)");
        return group;
    }

    internal static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateMeAsync(
        Request request, ClaimsPrincipal principal, IdentityDb db, TimeProvider clock, CancellationToken cancellationToken) =>
        principal.UserId() is { } id
            ? await UpdateAsync(id, request, auditedBy: null, db, clock, cancellationToken)
            : UserAccess.NotFound();

    internal static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateByIdAsync(
        Guid id, Request request, ClaimsPrincipal principal, IdentityDb db, TimeProvider clock, CancellationToken cancellationToken) =>
        UserAccess.MayAccess(principal, id)
            ? await UpdateAsync(id, request, principal.UserId() == id ? null : principal, db, clock, cancellationToken)
            : UserAccess.NotFound();

    /// <param name="auditedBy">The admin who edits someone else's profile (audited); null for one's own.</param>
    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Request request, ClaimsPrincipal? auditedBy, IdentityDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ProfileRules.CheckName(request.Name, errors);
        ProfileRules.CheckMobile(request.Mobile, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The profile is not valid");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserAccess.NotFound();
        }

        var before = new { user.Name, user.Mobile };
        user.UpdateProfile(request.Name!, request.Mobile, clock.GetUtcNow());
        if (auditedBy is not null)
        {
            db.Audit(auditedBy, "user", user.Id, "profile_updated", before, new { user.Name, user.Mobile });
        }

        db.AddEvent(new UserProfileUpdated(user.Id, user.Name, user.Email, user.Mobile, user.UpdatedAt));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }
}
