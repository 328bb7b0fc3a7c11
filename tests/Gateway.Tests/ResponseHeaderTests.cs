using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Bazaar.Gateway.Tests;

/// <summary>What every answer says about itself: no server banner, and no caching of tokens or personal data.</summary>
public sealed class ResponseHeaderTests(GatewayStack stack) : IClassFixture<GatewayStack>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GatewayAndIdentity_AnswerWithoutAServerHeader_ErrorsIncluded()
    {
        using var gateway = stack.CreateClient("10.1.0.1");
        using var identity = new HttpClient { BaseAddress = stack.IdentityUrl };

        var answers = new List<HttpResponseMessage>
        {
            await gateway.GetAsync("/health/live", Cancel),
            await gateway.GetAsync("/api/nothing-here", Cancel),
            await gateway.GetAsync("/.well-known/jwks.json", Cancel),
            await gateway.GetAsync("/api/users/me", Cancel),
            await gateway.PostAsJsonAsync("/api/auth/login", new { }, Cancel),
            await identity.GetAsync("/health/live", Cancel),
            await identity.GetAsync("/nothing-here", Cancel),
            await identity.GetAsync("/api/users/me", Cancel),
        };

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest,
             HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            answers.Select(a => a.StatusCode));
        foreach (var answer in answers)
        {
            Assert.False(answer.Headers.Contains("Server"), $"{answer.RequestMessage?.RequestUri} sent Server: {answer.Headers.Server}");
        }
    }

    [Fact]
    public async Task TokensAndProfile_ThroughTheGateway_AreNotStored()
    {
        using var client = stack.CreateClient("10.1.0.2");
        var email = $"no-store-{Guid.NewGuid():N}@example.com";

        var registered = await client.PostAsJsonAsync("/api/auth/register", new { name = "Nora Store", email, password = "a-long-password" }, Cancel);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "a-long-password" }, Cancel);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, Cancel);
        var token = await client.PostAsync(
            "/api/auth/token",
            new FormUrlEncodedContent([new("grant_type", "password"), new("username", email), new("password", "a-long-password")]),
            Cancel);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await client.GetAsync("/api/users/me", Cancel);

        foreach (var answer in new[] { registered, login, refreshed, token, me })
        {
            Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage?.RequestUri} answered {(int)answer.StatusCode}");
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{answer.RequestMessage?.RequestUri} answered Cache-Control: {answer.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task PublicKeySet_ThroughTheGateway_StaysCacheable()
    {
        using var client = stack.CreateClient("10.1.0.3");

        var keys = await client.GetAsync("/.well-known/jwks.json", Cancel);

        Assert.Equal("public, max-age=300", keys.Headers.CacheControl?.ToString());
    }
}
