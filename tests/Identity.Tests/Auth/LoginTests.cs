using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Identity.Tests.Auth;

public sealed class LoginTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Login_RightPassword_ReturnsTokenPairWithContractClaims()
    {
        var email = IdentityApp.NewEmail();
        var user = await app.RegisterAsync(email, "Correct-Horse-1", "Grace Hopper");
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/login", new { email = email.ToUpperInvariant(), password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken))!;
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(900, tokens.ExpiresIn);
        Assert.Equal(43, tokens.RefreshToken.Length);

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("RS256", jwt.Alg);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal(user.Id.ToString(), jwt.Subject);
        Assert.Equal(email, jwt.GetClaim("email").Value);
        Assert.Equal("Grace Hopper", jwt.GetClaim("name").Value);
        Assert.Equal(["bazaar"], jwt.Audiences);
        Assert.Equal(IdentityApp.Issuer, jwt.Issuer);
        Assert.True(Guid.TryParse(jwt.GetClaim("sid").Value, out _));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
        Assert.Contains("\"roles\":[\"customer\"]", Base64UrlDecode(jwt.EncodedPayload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownEmail_GiveTheSame401Problem()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email);
        using var client = app.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync(
            "/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        var unknownEmail = await client.PostAsJsonAsync(
            "/api/auth/login", new { email = IdentityApp.NewEmail(), password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
        var first = await wrongPassword.ReadJsonAsync();
        var second = await unknownEmail.ReadJsonAsync();
        Assert.Equal(Without(first, "traceId"), Without(second, "traceId"));
    }

    [Fact]
    public async Task Login_MissingFields_Returns400Problem()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(["email", "password"], problem!.Errors!.Keys.Order());
    }

    [Fact]
    public async Task Login_SeededAdmin_HasAdminAndCustomerRoles()
    {
        var admin = await app.AdminAsync();

        var me = await admin.Client.GetFromJsonAsync<UserBody>("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(IdentityApp.AdminEmail, me!.Email);
        Assert.Equal(["admin", "customer"], me.Roles.Order());
    }

    [Fact]
    public async Task Login_SuccessAfterFailures_ResetsTheFailureCount()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email, "Correct-Horse-1");
        using var client = app.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        }

        await app.LoginAsync(email, "Correct-Horse-1");
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        }

        var response = await client.PostAsJsonAsync(
            "/api/auth/login", new { email, password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockTheAccountEvenForTheRightPassword()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email, "Correct-Horse-1");
        using var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync(
                "/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await client.PostAsJsonAsync(
            "/api/auth/login", new { email, password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(locked.Headers.RetryAfter);
        var problem = await locked.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(423, problem!.Status);
    }

    [Fact]
    public async Task TokenPasswordGrant_LockedAccount_ReturnsInvalidGrant()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email, "Correct-Horse-1");
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = "Correct-Horse-1",
        });
        var response = await client.PostAsync("/api/auth/token", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }

    private static string Without(System.Text.Json.JsonElement json, string property) =>
        System.Text.Json.JsonSerializer.Serialize(json.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));

    private static string Base64UrlDecode(string value) =>
        System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(value));
}
