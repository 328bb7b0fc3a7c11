using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;

namespace Bazaar.Identity.Auth;

/// <summary>The OAuth 2 token endpoint (RFC 6749): password, refresh_token and client_credentials grants.</summary>
public static class IssueToken
{
    public static RouteGroupBuilder MapIssueToken(this RouteGroupBuilder group)
    {
        group.MapPost("/token", HandleAsync)
            // No Accepts metadata: routing would answer other media types with a bare 415, where
            // RFC 6749 wants an invalid_request error body.
            .Produces<OAuthTokenResponse>()
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized)
            .WithName("Token")
            .WithSummary("OAuth 2 token endpoint: grant_type=password, refresh_token or client_credentials");
        return group;
    }

    internal static async Task<IResult> HandleAsync(
        HttpContext http,
        PasswordSignIn signIn,
        SessionTokens sessions,
        AccessTokens accessTokens,
        ServiceClients clients,
        CancellationToken cancellationToken)
    {
        var response = http.Response;
        if (await RequestForms.TryReadFormAsync(http.Request, cancellationToken) is not { } form)
        {
            return OAuthResults.Error(response, "invalid_request", "The request must be an application/x-www-form-urlencoded form.");
        }

        switch (RequestForms.Value(form, "grant_type"))
        {
            case null:
                return OAuthResults.Error(response, "invalid_request", "grant_type is required.");

            case "password":
                var username = RequestForms.Value(form, "username");
                var password = RequestForms.Value(form, "password");
                if (username is null || password is null)
                {
                    return OAuthResults.Error(response, "invalid_request", "username and password are required.");
                }

                var signedIn = await signIn.SignInAsync(username, password, cancellationToken);
                return signedIn.Status switch
                {
                    SignInStatus.LockedOut => OAuthResults.Error(response, "invalid_grant", "The account is locked for a while after too many failed logins."),
                    SignInStatus.Failed => OAuthResults.Error(response, "invalid_grant", "The username or the password is wrong."),
                    _ => Success(response, await sessions.StartAsync(signedIn.User!, http, cancellationToken)),
                };

            case "refresh_token":
                if (RequestForms.Value(form, "refresh_token") is not { } refreshToken)
                {
                    return OAuthResults.Error(response, "invalid_request", "refresh_token is required.");
                }

                return await sessions.RefreshAsync(refreshToken, cancellationToken) is { } pair
                    ? Success(response, pair)
                    : OAuthResults.Error(response, "invalid_grant", "The refresh token is unknown, already used, expired or its session has ended.");

            case "client_credentials":
                return ClientCredentials(http, form, clients, accessTokens);

            default:
                return OAuthResults.Error(response, "unsupported_grant_type", "Supported grant types: password, refresh_token, client_credentials.");
        }
    }

    private static IResult ClientCredentials(HttpContext http, IFormCollection form, ServiceClients clients, AccessTokens accessTokens)
    {
        var presented = ServiceClients.Read(http.Request, form);
        var client = presented is { Malformed: false, ClientId: { } id, ClientSecret: { } secret }
            ? clients.Authenticate(id, secret)
            : null;
        if (client is null)
        {
            // RFC 6749 5.2: 401 with a challenge for the scheme the client tried (Basic is the one we offer).
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"bazaar\"";
            return OAuthResults.Error(http.Response, "invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized);
        }

        var token = accessTokens.ForClient(client.ClientId, client.EffectiveRoles);
        return Success(http.Response, new TokenPair(token, accessTokens.LifetimeSeconds, RefreshToken: null));
    }

    private static IResult Success(HttpResponse response, TokenPair pair)
    {
        OAuthResults.NoStore(response);
        return TypedResults.Ok(new OAuthTokenResponse(pair.AccessToken, "Bearer", pair.ExpiresIn, pair.RefreshToken));
    }
}
