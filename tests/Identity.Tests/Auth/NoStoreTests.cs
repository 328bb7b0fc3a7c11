using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>Answers that carry tokens or personal data must not be kept by a browser or a proxy (RFC 6749 5.1).</summary>
public sealed class NoStoreTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisterLoginAndRefresh_AnswerNoStore()
    {
        using var client = app.CreateClient();
        var email = IdentityApp.NewEmail();

        var registered = await client.PostAsJsonAsync("/api/auth/register", new { name = "Cache Less", email, password = "Correct-Horse-1" }, Cancel);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Correct-Horse-1" }, Cancel);
        var tokens = (await login.Content.ReadFromJsonAsync<TokenBody>(Cancel))!;
        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }, Cancel);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        AssertNoStore(registered);
        AssertNoStore(login);
        AssertNoStore(refreshed);
    }

    [Fact]
    public async Task RefusedLoginAndBadInput_AnswerNoStoreToo()
    {
        using var client = app.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = IdentityApp.NewEmail(), password = "Wrong-Password-1" }, Cancel);
        var empty = await client.PostAsJsonAsync("/api/auth/login", new { }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        AssertNoStore(wrong);
        AssertNoStore(empty);
    }

    [Fact]
    public async Task OwnProfileAndSessions_AnswerNoStore()
    {
        var user = await app.NewCustomerAsync();

        var me = await user.Client.GetAsync("/api/users/me", Cancel);
        var sessions = await user.Client.GetAsync("/api/auth/sessions", Cancel);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        AssertNoStore(me);
        AssertNoStore(sessions);
    }

    [Fact]
    public async Task KeySetAndDiscovery_StayPubliclyCacheable()
    {
        using var client = app.CreateClient();

        var keys = await client.GetAsync("/.well-known/jwks.json", Cancel);
        var discovery = await client.GetAsync("/.well-known/openid-configuration", Cancel);

        Assert.Equal("public, max-age=300", keys.Headers.CacheControl?.ToString());
        Assert.False(discovery.Headers.CacheControl?.NoStore ?? false);
    }

    private static void AssertNoStore(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri} answered Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }
}
