using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;
using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Identity.Auth;

/// <summary>
/// Token revocation (RFC 7009): a refresh token or an access token ends its whole session.
/// Answers 200 for unknown tokens too, so the endpoint tells nothing about which tokens exist.
/// </summary>
public static class RevokeToken
{
    public static RouteGroupBuilder MapRevokeToken(this RouteGroupBuilder group)
    {
        group.MapPost("/revoke", HandleAsync)
            // No Accepts metadata: routing would answer other media types with a bare 415, where
            // RFC 6749 wants an invalid_request error body.
            .Produces(StatusCodes.Status200OK)
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .WithName("RevokeToken")
            .WithSummary("Revoke a refresh or access token (RFC 7009, form token=)");
        return group;
    }

    internal static async Task<IResult> HandleAsync(
        HttpContext http,
        SessionTokens sessions,
        AccessTokens accessTokens,
        CancellationToken cancellationToken)
    {
        if (await RequestForms.TryReadFormAsync(http.Request, cancellationToken) is not { } form)
        {
            return OAuthResults.Error(http.Response, "invalid_request", "The request must be an application/x-www-form-urlencoded form.");
        }

        if (RequestForms.Value(form, "token") is not { } token)
        {
            return OAuthResults.Error(http.Response, "invalid_request", "token is required.");
        }

        var sessionId = await sessions.FindSessionOfRefreshTokenAsync(token, cancellationToken);
        if (sessionId is null && await accessTokens.ValidateAsync(token) is { } identity
            && Guid.TryParse(identity.FindFirst(BazaarClaims.Session)?.Value, out var sid))
        {
            sessionId = sid;
        }

        if (sessionId is { } id)
        {
            await sessions.RevokeAsync(id, SessionTokens.Reasons.TokenRevoked, cancellationToken);
        }

        return TypedResults.Ok();
    }
}
