using System.Security.Claims;
using Bazaar.Contracts.Identity;
using Bazaar.Identity.Data;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Auth;

/// <summary>
/// Proving the account's email: registration mails a token (EmailVerificationRequested), this
/// route takes it; the resend route mails a new one, which replaces the older ones.
/// </summary>
public static class VerifyEmail
{
    public sealed record Request(string? Token);

    public static RouteGroupBuilder MapVerifyEmail(this RouteGroupBuilder group)
    {
        group.MapPost("/verify-email", VerifyAsync)
            .WithName("VerifyEmail")
            .WithSummary("Mark the account's email verified with a mailed token");
        group.MapPost("/verify-email/resend", ResendAsync)
            .RequireAuthorization()
            .WithName("ResendEmailVerification")
            .WithSummary("Mail a new verification token (nothing when already verified; 202 either way)");
        return group;
    }

    internal static async Task<Results<NoContent, ValidationProblem>> VerifyAsync(
        Request request, IdentityDb db, AccountTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        var verified = !string.IsNullOrWhiteSpace(request.Token) && await db.InTransactionAsync(async ct =>
        {
            var id = await tokens.ClaimAsync(request.Token!, AccountTokenPurpose.EmailVerification, ct);
            if (id is null)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            var user = await db.Users.FirstAsync(u => u.Id == id, ct);
            if (user.VerifyEmail(now))
            {
                db.AddEvent(new UserEmailVerified(user.Id, user.Email, now));
            }

            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);

        return verified
            ? TypedResults.NoContent()
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["token"] = [string.IsNullOrWhiteSpace(request.Token)
                        ? "A verification token is required."
                        : "The verification link is unknown, already used, replaced by a newer one or expired."],
                },
                title: "The email verification is not valid");
    }

    internal static async Task<Results<Accepted, ProblemHttpResult>> ResendAsync(
        ClaimsPrincipal principal,
        IdentityDb db,
        AccountTokens tokens,
        IOptions<IdentityServiceOptions> options,
        CancellationToken cancellationToken)
    {
        var user = principal.UserId() is { } userId
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : null;
        if (user is null)
        {
            return UserAccess.NotFound();
        }

        if (!user.EmailVerified)
        {
            var issued = await tokens.IssueAsync(user.Id, AccountTokenPurpose.EmailVerification, options.Value.EmailVerificationLifetime, cancellationToken);
            db.AddEvent(new EmailVerificationRequested(user.Id, user.Email, user.Name, issued.Token, issued.ExpiresAt));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Accepted((string?)null);
    }
}
