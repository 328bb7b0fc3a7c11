using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Bazaar.Identity.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Tests.Auth;

public sealed class ValidateTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Validate_LiveTokenAsJson_IsActiveWithClaims()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/validate", new { token = user.Tokens.AccessToken }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal(user.Id.ToString(), json.GetProperty("sub").GetString());
        Assert.Equal(user.Email, json.GetProperty("email").GetString());
        Assert.Equal(["customer"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var exp = DateTimeOffset.FromUnixTimeSeconds(json.GetProperty("exp").GetInt64());
        Assert.InRange(exp - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task Validate_LiveTokenAsForm_IsActive()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = user.Tokens.AccessToken });

        var response = await client.PostAsync("/api/auth/validate", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Validate_TokenOfLoggedOutSession_IsInactive()
    {
        var user = await app.NewCustomerAsync();
        await user.Client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);

        var json = await ValidateAsync(user.Tokens.AccessToken);

        Assert.False(json.GetProperty("active").GetBoolean());
        Assert.False(json.TryGetProperty("sub", out _));
    }

    [Fact]
    public async Task Validate_TokenSignedByAnotherKeyWithOurKid_IsInactiveAndRefused()
    {
        var user = await app.NewCustomerAsync();
        var real = new JsonWebToken(user.Tokens.AccessToken);
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(
            Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(real.EncodedPayload)),
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = real.Kid }, SecurityAlgorithms.RsaSha256));

        var json = await ValidateAsync(forged);

        Assert.False(json.GetProperty("active").GetBoolean());
        using var forgedClient = app.ClientWith(forged);
        var me = await forgedClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Validate_TamperedPayload_IsInactive()
    {
        var user = await app.NewCustomerAsync();
        var parts = user.Tokens.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"customer\"", "\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var json = await ValidateAsync(tampered);

        Assert.False(json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Validate_ExpiredTokenWithOurKey_IsInactive()
    {
        var keys = app.Services.GetRequiredService<SigningKeyStore>();
        var past = DateTime.UtcNow.AddHours(-2);
        var expired = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IdentityApp.Issuer,
            Audience = "bazaar",
            IssuedAt = past,
            NotBefore = past,
            Expires = past.AddMinutes(15),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString() },
            SigningCredentials = keys.SigningCredentials,
        });

        var json = await ValidateAsync(expired);

        Assert.False(json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Validate_Garbage_IsInactive()
    {
        var json = await ValidateAsync("this.is.not-a-jwt");

        Assert.False(json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Validate_MissingToken_Returns400Problem()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/validate", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Validate_MalformedJson_Returns400Problem()
    {
        using var client = app.CreateClient();
        using var content = new StringContent("{\"token\":", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/validate", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<System.Text.Json.JsonElement> ValidateAsync(string token)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/validate", new { token }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
