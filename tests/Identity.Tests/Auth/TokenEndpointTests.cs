using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>The OAuth 2 endpoints: token (RFC 6749) and revoke (RFC 7009).</summary>
public sealed class TokenEndpointTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Token_PasswordGrant_ReturnsRfc6749Response()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email, "Correct-Horse-1");

        var response = await PostFormAsync("/api/auth/token", ("grant_type", "password"), ("username", email), ("password", "Correct-Horse-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var json = await response.ReadJsonAsync();
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(900, json.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refresh_token").GetString()));
        using var client = app.ClientWith(json.GetProperty("access_token").GetString()!);
        var me = await client.GetFromJsonAsync<UserBody>("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(email, me!.Email);
    }

    [Fact]
    public async Task Token_PasswordGrantWrongPassword_ReturnsInvalidGrant()
    {
        var response = await PostFormAsync("/api/auth/token", ("grant_type", "password"), ("username", IdentityApp.NewEmail()), ("password", "Wrong-Password-1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
        Assert.True(json.TryGetProperty("error_description", out _));
    }

    [Fact]
    public async Task Token_RefreshTokenGrant_RotatesAndRefusesReuse()
    {
        var user = await app.NewCustomerAsync();

        var first = await PostFormAsync("/api/auth/token", ("grant_type", "refresh_token"), ("refresh_token", user.Tokens.RefreshToken));
        var again = await PostFormAsync("/api/auth/token", ("grant_type", "refresh_token"), ("refresh_token", user.Tokens.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var json = await first.ReadJsonAsync();
        Assert.NotEqual(user.Tokens.RefreshToken, json.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await again.ReadJsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ClientCredentialsInForm_IssuesServiceTokenWithoutRefreshToken()
    {
        var response = await PostFormAsync(
            "/api/auth/token",
            ("grant_type", "client_credentials"), ("client_id", IdentityApp.ServiceClientId), ("client_secret", IdentityApp.ServiceClientSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.False(json.TryGetProperty("refresh_token", out _));
        var jwt = new JsonWebToken(json.GetProperty("access_token").GetString());
        Assert.Equal(IdentityApp.ServiceClientId, jwt.Subject);
        Assert.Equal(IdentityApp.ServiceClientId, jwt.GetClaim("client_id").Value);
        Assert.Equal(["service"], jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.False(jwt.TryGetClaim("sid", out _));
    }

    [Fact]
    public async Task Token_ClientCredentialsInBasicHeader_IssuesServiceToken()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{IdentityApp.ServiceClientId}:{IdentityApp.ServiceClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("ordering", "wrong-secret")]
    [InlineData("no-such-client", "ordering-test-secret")]
    public async Task Token_ClientCredentialsBadSecret_Returns401InvalidClient(string clientId, string secret)
    {
        var response = await PostFormAsync("/api/auth/token", ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.Equal("invalid_client", (await response.ReadJsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_UnknownGrantType_ReturnsUnsupportedGrantType()
    {
        var response = await PostFormAsync("/api/auth/token", ("grant_type", "authorization_code"), ("code", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.ReadJsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_JsonBodyOrMissingGrantType_ReturnsInvalidRequest()
    {
        using var client = app.CreateClient();
        var json = await client.PostAsJsonAsync("/api/auth/token", new { grant_type = "password" }, TestContext.Current.CancellationToken);
        var empty = await PostFormAsync("/api/auth/token", ("username", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("invalid_request", (await json.ReadJsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("invalid_request", (await empty.ReadJsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoke_RefreshToken_Returns200AndEndsTheSession()
    {
        var user = await app.NewCustomerAsync();

        var response = await PostFormAsync("/api/auth/revoke", ("token", user.Tokens.RefreshToken), ("token_type_hint", "refresh_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refresh = await PostFormAsync("/api/auth/token", ("grant_type", "refresh_token"), ("refresh_token", user.Tokens.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        var me = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Revoke_AccessToken_EndsItsSession()
    {
        var user = await app.NewCustomerAsync();

        var response = await PostFormAsync("/api/auth/revoke", ("token", user.Tokens.AccessToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Revoke_UnknownToken_Returns200AndMissingToken400()
    {
        var unknown = await PostFormAsync("/api/auth/revoke", ("token", "never-issued"));
        var missing = await PostFormAsync("/api/auth/revoke", ("token_type_hint", "refresh_token"));

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid_request", (await missing.ReadJsonAsync()).GetProperty("error").GetString());
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await client.PostAsync(path, form, TestContext.Current.CancellationToken);
    }
}
