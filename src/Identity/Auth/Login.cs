using System.Globalization;
using Bazaar.Identity.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Identity.Auth;

public static class Login
{
    public sealed record Request(string? Email, string? Password);

    public static RouteGroupBuilder MapLogin(this RouteGroupBuilder group)
    {
        group.MapPost("/login", HandleAsync)
            .WithName("Login")
            .WithSummary("Exchange an email and password for an access and a refresh token");
        return group;
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        PasswordSignIn signIn,
        SessionTokens sessions,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = ["Email is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The login is not valid");
        }

        var result = await signIn.SignInAsync(request.Email!, request.Password!, cancellationToken);
        switch (result.Status)
        {
            case SignInStatus.LockedOut:
                return LockedOut(http, clock, result.LockedUntil);
            case SignInStatus.Failed:
                return InvalidCredentials();
            default:
                var pair = await sessions.StartAsync(result.User!, http, cancellationToken);
                return TypedResults.Ok(TokenResponse.From(pair));
        }
    }

    /// <summary>The same answer for an unknown email and a wrong password, so neither tells which.</summary>
    internal static ProblemHttpResult InvalidCredentials() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Invalid credentials",
        detail: "The email or the password is wrong.");

    internal static ProblemHttpResult LockedOut(HttpContext http, TimeProvider clock, DateTimeOffset? lockedUntil)
    {
        var seconds = lockedUntil is { } until ? Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status423Locked,
            title: "Account locked",
            detail: "Too many failed logins; the account is locked for a while. Try again later.");
    }
}
