using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Identity.Auth;

/// <summary>Token introspection (RFC 7662): is this access token one of ours and still good?</summary>
public static class Validate
{
    public sealed record Request(string? Token);

    /// <summary>Only <c>active</c> for a token that is not; the claims as well for one that is.</summary>
    public sealed record Response(
        bool Active,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Roles = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Exp = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Iat = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Iss = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aud = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null,
        [property: JsonPropertyName("client_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId = null,
        [property: JsonPropertyName("token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null);

    public static RouteGroupBuilder MapValidate(this RouteGroupBuilder group)
    {
        group.MapPost("/validate", HandleAsync)
            .Accepts<Request>("application/json", "application/x-www-form-urlencoded")
            .WithName("ValidateToken")
            .WithSummary("Introspect an access token (RFC 7662): JSON {token} or form token=");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpRequest http,
        AccessTokens accessTokens,
        SessionTokens sessions,
        CancellationToken cancellationToken)
    {
        string? token;
        if (await RequestForms.TryReadFormAsync(http, cancellationToken) is { } form)
        {
            token = RequestForms.Value(form, "token");
        }
        else
        {
            var (body, malformed) = await RequestForms.TryReadJsonAsync<Request>(http, cancellationToken);
            if (malformed)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Malformed request",
                    detail: "Send JSON {\"token\": ...} or a form with token=.");
            }

            token = body?.Token;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["A token is required."] },
                title: "The request is not valid");
        }

        var identity = await accessTokens.ValidateAsync(token);
        if (identity is null || !await SessionLivesAsync(identity, sessions, cancellationToken))
        {
            return TypedResults.Ok(new Response(Active: false));
        }

        return TypedResults.Ok(new Response(
            Active: true,
            Sub: identity.FindFirst(BazaarClaims.Subject)?.Value,
            Email: identity.FindFirst(BazaarClaims.Email)?.Value,
            Name: identity.FindFirst("name")?.Value,
            Roles: [.. identity.FindAll(BazaarClaims.Roles).Select(c => c.Value)],
            Exp: NumericDate(identity, "exp"),
            Iat: NumericDate(identity, "iat"),
            Iss: identity.FindFirst("iss")?.Value,
            Aud: identity.FindFirst("aud")?.Value,
            Sid: identity.FindFirst(BazaarClaims.Session)?.Value,
            ClientId: identity.FindFirst(BazaarClaims.ClientId)?.Value,
            TokenType: "Bearer"));
    }

    /// <summary>A person's token is only good while its session has not been ended, and the user's roles did not change since it was made.</summary>
    private static async Task<bool> SessionLivesAsync(ClaimsIdentity identity, SessionTokens sessions, CancellationToken cancellationToken)
    {
        var sid = identity.FindFirst(BazaarClaims.Session)?.Value;
        if (sid is null)
        {
            return true;
        }

        return Guid.TryParse(sid, out var sessionId)
            && await sessions.IsActiveAsync(sessionId, SessionDenylist.AccessStampOf(new ClaimsPrincipal(identity)), cancellationToken);
    }

    private static long? NumericDate(ClaimsIdentity identity, string type) =>
        long.TryParse(identity.FindFirst(type)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
