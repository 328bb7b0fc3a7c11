using System.Text.Json.Serialization;
using Bazaar.Identity.Tokens;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Auth;

/// <summary>
/// OpenID discovery and the public keys. Every URL is built from the configured issuer (the
/// gateway's public address), so a client that fetched this through the gateway can use them all.
/// </summary>
public static class Discovery
{
    public sealed record Configuration(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("jwks_uri")] string JwksUri,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("introspection_endpoint")] string IntrospectionEndpoint,
        [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
        [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
        [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
        [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported,
        [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
        [property: JsonPropertyName("claims_supported")] IReadOnlyList<string> ClaimsSupported);

    public sealed record KeySet([property: JsonPropertyName("keys")] IReadOnlyList<Jwk> Keys);

    public sealed record Jwk(
        [property: JsonPropertyName("kty")] string Kty,
        [property: JsonPropertyName("use")] string Use,
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("kid")] string Kid,
        [property: JsonPropertyName("n")] string N,
        [property: JsonPropertyName("e")] string E);

    public const string ConfigurationPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("/.well-known").WithTags("Discovery").AllowAnonymous();
        wellKnown.MapGet("/openid-configuration", GetConfiguration).WithName("OpenIdConfiguration");
        wellKnown.MapGet("/jwks.json", GetKeys).WithName("Jwks");
        return app;
    }

    internal static Ok<Configuration> GetConfiguration(IOptions<AuthOptions> auth)
    {
        var issuer = auth.Value.Issuer;
        var baseUrl = issuer.TrimEnd('/');
        return TypedResults.Ok(new Configuration(
            Issuer: issuer,
            JwksUri: baseUrl + JwksPath,
            TokenEndpoint: baseUrl + "/api/auth/token",
            IntrospectionEndpoint: baseUrl + "/api/auth/validate",
            RevocationEndpoint: baseUrl + "/api/auth/revoke",
            GrantTypesSupported: ["password", "refresh_token", "client_credentials"],
            TokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post", "none"],
            // Required members of OpenID discovery; there is no authorization endpoint, so only "token".
            ResponseTypesSupported: ["token"],
            SubjectTypesSupported: ["public"],
            IdTokenSigningAlgValuesSupported: [SecurityAlgorithms.RsaSha256],
            ClaimsSupported: [BazaarClaims.Subject, BazaarClaims.Email, "name", BazaarClaims.Roles, BazaarClaims.Session, BazaarClaims.ClientId]));
    }

    internal static Ok<KeySet> GetKeys(SigningKeyStore keys, HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new KeySet([.. keys.PublicKeys.Select(key => new Jwk(
            Kty: "RSA",
            Use: "sig",
            Alg: SecurityAlgorithms.RsaSha256,
            Kid: key.KeyId,
            N: Base64UrlEncoder.Encode(key.Parameters.Modulus),
            E: Base64UrlEncoder.Encode(key.Parameters.Exponent)))]));
    }
}
