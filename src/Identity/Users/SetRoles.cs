using System.Security.Claims;
using Bazaar.Contracts.Identity;
using Bazaar.Identity.Data;
using Bazaar.Identity.Sessions;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Users;

public static partial class SetRoles
{
    public sealed record Request(IReadOnlyList<string>? Roles);

    public static RouteGroupBuilder MapSetRoles(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}/roles", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("SetUserRoles")
            .WithSummary("Set a user's roles: customer, vendor, admin (admin)");
        return group;
    }

    internal static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        Request request,
        ClaimsPrincipal principal,
        IdentityDb db,
        SessionTokens sessions,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var roles = request.Roles;
        if (roles is null || roles.Count == 0)
        {
            return Invalid("At least one role is required.");
        }

        var unknown = roles.Where(r => r is null || !Roles.Assignable.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return Invalid($"Not a role: {string.Join(", ", unknown)}. Roles are {string.Join(", ", Roles.Assignable)}.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserAccess.NotFound();
        }

        var before = new { Roles = user.Roles.ToList() };
        var changed = user.SetRoles(roles, clock.GetUtcNow());
        db.Audit(principal, "user", user.Id, "roles_set", before, new { Roles = user.Roles.ToList() });
        db.AddEvent(new UserRolesChanged(user.Id, user.Roles, user.UpdatedAt));
        await db.SaveChangesAsync(cancellationToken);
        var logger = loggers.CreateLogger(typeof(SetRoles));
        if (changed)
        {
            try
            {
                await sessions.RaiseAccessStampAsync(user);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Saved, and every service refuses session tokens while Redis cannot be asked; only a
                // Redis that fails for this one write leaves the old tokens working until they expire.
                LogStampNotRaised(logger, ex, user.Id);
            }
        }

        LogRolesChanged(logger, user.Id, string.Join(",", user.Roles));
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static ValidationProblem Invalid(string message) => Problems.Invalid("roles", message, "The roles are not valid");

    [LoggerMessage(Level = LogLevel.Error, Message = "Roles of user {UserId} changed, but their older tokens could not be refused (Redis); they work until they expire")]
    private static partial void LogStampNotRaised(ILogger logger, Exception exception, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Roles of user {UserId} set to {Roles}")]
    private static partial void LogRolesChanged(ILogger logger, Guid userId, string roles);
}
