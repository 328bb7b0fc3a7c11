using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Bazaar.Gateway.Tests;

public sealed class GatewayRoutingTests(GatewayStack stack) : IClassFixture<GatewayStack>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_NewcomerJourney_RegistersLogsInReadsProfileAndLogsOut()
    {
        using var client = stack.CreateClient("10.0.0.1");
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";

        var registered = await client.PostAsJsonAsync("/api/auth/register", new { name = "New Comer", email, password = "a-long-password" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "a-long-password" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());

        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me", Cancel);
        Assert.Equal(email, me.GetProperty("email").GetString());

        var logout = await client.PostAsync("/api/auth/logout", null, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var afterLogout = await client.GetAsync("/api/users/me", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Discovery_FetchedThroughTheGateway_NamesTheGatewayAndEveryEndpointAnswers()
    {
        using var client = stack.CreateClient("10.0.0.2");

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancel);

        Assert.Equal(stack.GatewayUrl.ToString().TrimEnd('/'), discovery.GetProperty("issuer").GetString());
        var jwks = await client.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString(), Cancel);
        Assert.NotEmpty(jwks.GetProperty("keys").EnumerateArray());
        foreach (var endpoint in new[] { "token_endpoint", "introspection_endpoint", "revocation_endpoint" })
        {
            var url = discovery.GetProperty(endpoint).GetString()!;
            Assert.StartsWith(stack.GatewayUrl.ToString(), url);
            // An empty form is a bad request, not a missing route: the endpoint is there and answers.
            var response = await client.PostAsync(url, new FormUrlEncodedContent([]), Cancel);
            Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{endpoint} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Login_OverTheAuthLimit_Gets429WithRetryAfter()
    {
        using var client = stack.CreateClient("10.0.0.3");
        var attempt = new { email = "nobody@example.com", password = "wrong-password" };
        for (var i = 0; i < stack.AuthPermitsPerMinute; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/auth/login", attempt, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/login", attempt, Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Another client is not punished for this one's attempts.
        using var other = stack.CreateClient("10.0.0.4");
        var otherAttempt = await other.PostAsJsonAsync("/api/auth/login", attempt, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAttempt.StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/password-reset", "10.0.1.1")]
    [InlineData("/api/auth/password-reset/confirm", "10.0.1.2")]
    [InlineData("/api/auth/verify-email", "10.0.1.3")]
    [InlineData("/api/auth/verify-email/resend", "10.0.1.4")]
    public async Task AccountRoutes_OverTheAuthLimit_Get429(string path, string address)
    {
        using var client = stack.CreateClient(address);
        for (var i = 0; i < stack.AuthPermitsPerMinute; i++)
        {
            var allowed = await client.PostAsJsonAsync(path, new { }, Cancel);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            Assert.NotEqual(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        var refused = await client.PostAsJsonAsync(path, new { }, Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task ProxiedResponse_CarriesSecurityHeadersAndTheCallersCorrelationId()
    {
        using var client = stack.CreateClient("10.0.0.5");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/jwks.json");
        request.Headers.Add("X-Correlation-Id", "checkout-42");

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("checkout-42", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task ApiDocs_ShowsEveryServicesDocument()
    {
        using var client = stack.CreateClient("10.0.0.6");

        var page = await client.GetAsync("/api/docs/", Cancel);
        // The page names each document relative to itself, as a browser resolves it.
        var identityDocument = await client.GetFromJsonAsync<JsonElement>("/api/docs/openapi/identity.json", Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("\"openapi/identity.json\"", await page.Content.ReadAsStringAsync(Cancel));
        Assert.True(identityDocument.GetProperty("paths").TryGetProperty("/api/auth/login", out _));
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemDetails()
    {
        using var client = stack.CreateClient("10.0.0.7");

        var response = await client.GetAsync("/api/nothing-here", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ServiceWithNoInstanceUp_Is503WithRetryAfterAndProblemDetails()
    {
        using var client = stack.CreateClient("10.0.0.9");

        var response = await client.GetAsync("/api/products", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("catalog", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Answers200(string path)
    {
        using var client = stack.CreateClient("10.0.0.8");

        var response = await client.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
