using Bazaar.Contracts.Identity;
using Bazaar.Identity.Data;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Auth;

/// <summary>
/// Forgotten passwords: ask for a mailed single-use link (the same 202 whether or not the email
/// has an account), then set a new password with its token, which ends every session.
/// </summary>
public static partial class PasswordReset
{
    public sealed record Request(string? Email);

    public sealed record ConfirmRequest(string? Token, string? NewPassword);

    public static RouteGroupBuilder MapPasswordReset(this RouteGroupBuilder group)
    {
        group.MapPost("/password-reset", RequestAsync)
            .WithName("RequestPasswordReset")
            .WithSummary("Mail a password-reset link to the address, if it has an account (202 either way)");
        group.MapPost("/password-reset/confirm", ConfirmAsync)
            .WithName("ConfirmPasswordReset")
            .WithSummary("Set a new password with a mailed reset token; every session of the user ends");
        return group;
    }

    internal static async Task<Results<Accepted, ValidationProblem>> RequestAsync(
        Request request,
        IdentityDb db,
        AccountTokens tokens,
        IOptions<IdentityServiceOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ProfileRules.CheckEmail(request.Email, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The password reset is not valid");
        }

        var email = User.NormalizeEmail(request.Email!);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        var now = clock.GetUtcNow();

        // Both paths run the same statements (prune, look up tokens, insert, commit) and answer the
        // same, so neither the answer nor its time tells whether the email has an account.
        await db.PasswordResetRequests.Where(r => r.RequestedAt < now - PasswordResetRequest.Retention).ExecuteDeleteAsync(cancellationToken);
        db.PasswordResetRequests.Add(PasswordResetRequest.For(user?.Id, now));
        if (user is not null)
        {
            var issued = await tokens.IssueAsync(user.Id, AccountTokenPurpose.PasswordReset, options.Value.PasswordResetLifetime, cancellationToken);
            db.AddEvent(new PasswordResetRequested(user.Id, user.Email, user.Name, issued.Token, issued.ExpiresAt));
            LogResetRequested(loggers.CreateLogger(typeof(PasswordReset)), user.Id);
        }
        else
        {
            await db.AccountTokens.AnyAsync(t => t.UserId == Guid.Empty, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<Results<NoContent, ValidationProblem>> ConfirmAsync(
        ConfirmRequest request,
        IdentityDb db,
        AccountTokens tokens,
        IPasswordHasher<User> hasher,
        SessionTokens sessions,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Token))
        {
            errors["token"] = ["A reset token is required."];
        }

        ProfileRules.CheckPassword(request.NewPassword, errors, "newPassword");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The password reset is not valid");
        }

        // The claim and the new password commit together: a token is never used up without effect.
        var userId = await db.InTransactionAsync(async ct =>
        {
            var id = await tokens.ClaimAsync(request.Token!, AccountTokenPurpose.PasswordReset, ct);
            if (id is null)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            var user = await db.Users.FirstAsync(u => u.Id == id, ct);
            user.ChangePassword(hasher.HashPassword(user, request.NewPassword!), now);
            // The link reached the mailbox: that proves the address as a verification link would.
            if (user.VerifyEmail(now))
            {
                db.AddEvent(new UserEmailVerified(user.Id, user.Email, now));
            }

            await db.SaveChangesAsync(ct);
            return id;
        }, cancellationToken);

        if (userId is not { } resetUser)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["The reset link is unknown, already used or expired. Ask for a new one."] },
                title: "The password reset is not valid");
        }

        await sessions.RevokeAllAsync(resetUser, keep: null, SessionTokens.Reasons.PasswordReset, cancellationToken);
        LogResetDone(loggers.CreateLogger(typeof(PasswordReset)), resetUser);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset mailed to user {UserId}")]
    private static partial void LogResetRequested(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} reset their password; every session ended")]
    private static partial void LogResetDone(ILogger logger, Guid userId);
}
