using Bazaar.Identity.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Identity.Auth;

public static class Refresh
{
    public sealed record Request(string? RefreshToken);

    public static RouteGroupBuilder MapRefresh(this RouteGroupBuilder group)
    {
        group.MapPost("/refresh", HandleAsync)
            .WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new pair; the old one stops working");
        return group;
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        SessionTokens sessions,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["refreshToken"] = ["A refresh token is required."] },
                title: "The refresh is not valid");
        }

        var pair = await sessions.RefreshAsync(request.RefreshToken, cancellationToken);
        return pair is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid refresh token",
                detail: "The refresh token is unknown, already used, expired or its session has ended.")
            : TypedResults.Ok(TokenResponse.From(pair));
    }
}
