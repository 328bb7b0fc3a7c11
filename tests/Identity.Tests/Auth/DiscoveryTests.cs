using Bazaar.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Tests.Auth;

public sealed class DiscoveryTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private const string Issuer = IdentityApp.Issuer;

    [Fact]
    public async Task Discovery_Document_NamesIssuerAndEndpointsUnderTheIssuer()
    {
        using var client = app.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        Assert.Equal(Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal($"{Issuer}/.well-known/jwks.json", json.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{Issuer}/api/auth/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{Issuer}/api/auth/validate", json.GetProperty("introspection_endpoint").GetString());
        Assert.Equal($"{Issuer}/api/auth/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Contains("client_credentials", json.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Discovery_EveryNamedEndpoint_AnswersWithoutA404()
    {
        using var client = app.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        foreach (var property in json.EnumerateObject().Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name.EndsWith("_uri", StringComparison.Ordinal)))
        {
            var path = new Uri(property.Value.GetString()!).AbsolutePath;
            var response = path.EndsWith(".json", StringComparison.Ordinal)
                ? await client.GetAsync(path, TestContext.Current.CancellationToken)
                : await client.PostAsync(path, new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{property.Name} {path} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Jwks_Keys_AreRsaSigningKeysNamedByTheTokensKid()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", TestContext.Current.CancellationToken);

        var key = Assert.Single(json.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(new JsonWebToken(user.Tokens.AccessToken).Kid, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task AccessToken_VerifiedWithJoseJwtFromRawJwks_HasTheContractClaims()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();
        var jwksJson = await client.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken);

        var keys = JwkSet.FromJson(jwksJson, JWT.DefaultSettings.JsonMapper);
        var kid = (string)JWT.Headers(user.Tokens.AccessToken)["kid"];
        var jwk = keys.Keys.Single(k => k.KeyId == kid);
        var payload = JsonDocument.Parse(JWT.Decode(user.Tokens.AccessToken, jwk, JwsAlgorithm.RS256)).RootElement;

        Assert.Equal(user.Id.ToString(), payload.GetProperty("sub").GetString());
        Assert.Equal(user.Email, payload.GetProperty("email").GetString());
        Assert.Equal("bazaar", payload.GetProperty("aud").GetString());
        Assert.Equal(Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("roles").ValueKind);
        Assert.True(payload.TryGetProperty("sid", out _));
        Assert.True(payload.TryGetProperty("jti", out _));
        var tampered = user.Tokens.AccessToken[..^4] + (user.Tokens.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.ThrowsAny<Exception>(() => JWT.Decode(tampered, jwk, JwsAlgorithm.RS256));
    }

    [Fact]
    public async Task AccessToken_ValidatedByMicrosoftIdentityModelFromRawJwks_IsValid()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();
        var jwks = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(user.Tokens.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "bazaar",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task SigningKey_AfterRestartOnTheSameDatabase_IsTheSameAndOldTokensStillWork()
    {
        var database = await app.Infrastructure.CreateDatabaseAsync("identity_restart");
        string kid;
        SignedIn user;
        await using (var first = IdentityApp.OnDatabase(app.Infrastructure, database))
        {
            await first.InitializeAsync();
            user = await first.NewCustomerAsync();
            kid = new JsonWebToken(user.Tokens.AccessToken).Kid;
        }

        await using var second = IdentityApp.OnDatabase(app.Infrastructure, database);
        await second.InitializeAsync();
        using var client = second.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", TestContext.Current.CancellationToken);
        using var userClient = second.ClientWith(user.Tokens.AccessToken);
        var me = await userClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal([kid], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Health_Ready_IsHealthyWithPostgresRedisRabbitMqAndItsQueue()
    {
        using var client = app.CreateClient();

        var checks = (await client.ReadyChecksAsync(TestContext.Current.CancellationToken)).EnumerateObject().Select(c => c.Name).Order();
        Assert.Equal(["postgres", "queue", "rabbitmq", "redis"], checks);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheAuthRoutes()
    {
        using var client = app.CreateClient();

        var document = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        Assert.Contains("/api/auth/register", document, StringComparison.Ordinal);
        Assert.Contains("/api/users/{id}/roles", document, StringComparison.Ordinal);
    }
}
