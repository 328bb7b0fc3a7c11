using System.Text.Json.Serialization;

namespace Bazaar.Identity.Auth;

/// <summary>RFC 6749 5.1 successful token response.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken);

/// <summary>RFC 6749 5.2 error response.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

internal static class OAuthResults
{
    /// <summary>Token responses must not be cached (RFC 6749 5.1).</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    public static IResult Error(HttpResponse response, string error, string description, int status = StatusCodes.Status400BadRequest)
    {
        NoStore(response);
        return TypedResults.Json(new OAuthError(error, description), statusCode: status);
    }
}
