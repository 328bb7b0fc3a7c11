using System.Security.Claims;
using Bazaar.Identity.Data;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Users;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Auth;

public static partial class ChangePassword
{
    public sealed record Request(string? CurrentPassword, string? NewPassword);

    public static RouteGroupBuilder MapChangePassword(this RouteGroupBuilder group)
    {
        group.MapPost("/password", HandleAsync)
            .RequireAuthorization()
            .WithName("ChangePassword")
            .WithSummary("Change my password; every other session of mine ends");
        return group;
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal principal,
        IdentityDb db,
        IPasswordHasher<User> hasher,
        PasswordSignIn signIn,
        SessionTokens sessions,
        TimeProvider clock,
        HttpContext http,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors["currentPassword"] = ["The current password is required."];
        }

        ProfileRules.CheckPassword(request.NewPassword, errors, "newPassword");
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        // A service client's token has no user: there is no password to change.
        var user = principal.UserId() is { } userId
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : null;
        if (user is null)
        {
            return UserAccess.NotFound();
        }

        var now = clock.GetUtcNow();
        if (user.IsLockedOut(now))
        {
            return Login.LockedOut(http, clock, user.LockedUntil);
        }

        // A stolen access token must not become a way to guess the password: wrong guesses lock as at login.
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            await signIn.RecordFailureAsync(user.Id, now, cancellationToken);
            return Invalid(new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is wrong."] });
        }

        user.ChangePassword(hasher.HashPassword(user, request.NewPassword!), now);
        await db.SaveChangesAsync(cancellationToken);
        await sessions.RevokeAllAsync(user.Id, keep: principal.SessionId(), SessionTokens.Reasons.PasswordChanged, cancellationToken);
        LogPasswordChanged(loggers.CreateLogger(typeof(ChangePassword)), user.Id);
        return TypedResults.NoContent();
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The password change is not valid");

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} changed their password; their other sessions ended")]
    private static partial void LogPasswordChanged(ILogger logger, Guid userId);
}
