using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Bazaar.Identity.Data;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bazaar.Identity.Auth;

public static partial class Register
{
    /// <summary>Roles are not part of the request: whatever a client sends there is ignored.</summary>
    public sealed record Request(string? Name, string? Email, string? Password, string? Mobile);

    public static RouteGroupBuilder MapRegister(this RouteGroupBuilder group)
    {
        group.MapPost("/register", HandleAsync)
            .WithName("Register")
            .WithSummary("Create an account (role customer)");
        return group;
    }

    internal static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        IdentityDb db,
        IPasswordHasher<User> hasher,
        AccountTokens tokens,
        IOptions<IdentityServiceOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ProfileRules.CheckName(request.Name, errors);
        ProfileRules.CheckEmail(request.Email, errors);
        ProfileRules.CheckPassword(request.Password, errors);
        ProfileRules.CheckMobile(request.Mobile, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The registration is not valid");
        }

        var user = User.Create(request.Name!, request.Email!, request.Mobile, [Roles.Customer], clock.GetUtcNow());
        if (await db.Users.AnyAsync(u => u.Email == user.Email, cancellationToken))
        {
            return EmailTaken();
        }

        user.SetPasswordHash(hasher.HashPassword(user, request.Password!));
        db.Users.Add(user);
        db.AddEvent(new UserRegistered(user.Id, user.Name, user.Email, user.Mobile, user.Roles, user.CreatedAt));
        var verification = tokens.Add(user.Id, AccountTokenPurpose.EmailVerification, options.Value.EmailVerificationLifetime);
        db.AddEvent(new EmailVerificationRequested(user.Id, user.Email, user.Name, verification.Token, verification.ExpiresAt));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return EmailTaken();
        }

        LogRegistered(loggers.CreateLogger(typeof(Register)), user.Id);
        return TypedResults.Created($"/api/users/{user.Id}", UserResponse.From(user));
    }

    private static ProblemHttpResult EmailTaken() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Email already registered",
        detail: "An account with this email address already exists.");

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    private static partial void LogRegistered(ILogger logger, Guid userId);
}
