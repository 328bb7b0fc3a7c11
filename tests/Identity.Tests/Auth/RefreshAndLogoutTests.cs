using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Identity.Tests.Auth;

public sealed class RefreshAndLogoutTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Refresh_UnusedToken_RotatesAndKeepsTheSession()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = (await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken))!;
        Assert.NotEqual(user.Tokens.RefreshToken, next.RefreshToken);
        Assert.Equal("Bearer", next.TokenType);
        Assert.Equal(
            new JsonWebToken(user.Tokens.AccessToken).GetClaim("sid").Value,
            new JsonWebToken(next.AccessToken).GetClaim("sid").Value);
        using var nextClient = app.ClientWith(next.AccessToken);
        var me = await nextClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Refresh_UsedTokenAgain_Returns401AndRevokesTheWholeSession()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();
        var first = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, TestContext.Current.CancellationToken);
        var rotated = (await first.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken))!;

        var reuse = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal("application/problem+json", reuse.Content.Headers.ContentType?.MediaType);
        var rotatedRefresh = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = rotated.RefreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, rotatedRefresh.StatusCode);
        using var rotatedClient = app.ClientWith(rotated.AccessToken);
        var me = await rotatedClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        var original = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, original.StatusCode);
    }

    [Theory]
    [InlineData("not-a-real-token")]
    [InlineData("")]
    public async Task Refresh_UnknownOrEmptyToken_IsRefused(string refreshToken)
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, TestContext.Current.CancellationToken);

        Assert.Equal(refreshToken.Length == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logout_WithBearer_Returns204AndRejectsTheOldTokens()
    {
        var user = await app.NewCustomerAsync();
        var before = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var logout = await user.Client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var after = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        using var client = app.CreateClient();
        var refresh = await client.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Logout_OneSession_LeavesTheUsersOtherSessionsWorking()
    {
        var user = await app.NewCustomerAsync();
        var other = await app.LoginAsync(user.Email, user.Password);

        await user.Client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);

        using var otherClient = app.ClientWith(other.AccessToken);
        var me = await otherClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Logout_WithoutBearer_Returns401Problem()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
