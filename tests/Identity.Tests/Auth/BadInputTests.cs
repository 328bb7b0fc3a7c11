using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>Whatever a client sends, the answer is a 4xx problem, never a 500.</summary>
public sealed class BadInputTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Register_NulCharacterInName_Returns400()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register", new { name = "Nul\0Name", email = IdentityApp.NewEmail(), password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Login_NulCharacterInEmail_Returns401()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/login", new { email = "a\0@example.test", password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/users?q=%00")]
    [InlineData("/api/users?page=abc")]
    [InlineData("/api/users?pageSize=100000")]
    public async Task List_OddQuery_AnswersWithoutServerError(string path)
    {
        var admin = await app.AdminAsync();

        var response = await admin.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
    }

    [Theory]
    [InlineData("/api/auth/login", "text/plain", "email=a")]
    [InlineData("/api/auth/refresh", "application/json", "[]")]
    [InlineData("/api/auth/validate", "text/plain", "token")]
    [InlineData("/api/auth/validate", "application/json", "null")]
    [InlineData("/api/auth/register", "application/json", "{\"name\":\"x\",\"email\":\"a@b.test\",\"password\":\"Correct-Horse-1\",\"mobile\":123}")]
    public async Task Post_WrongBody_Returns4xxProblem(string path, string mediaType, string body)
    {
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, mediaType);

        var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal((int)response.StatusCode, problem!.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Fact]
    public async Task Me_NoToken_Returns401ProblemWithDetail()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(401, problem!.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Fact]
    public async Task Users_ServiceClientToken_HasNoProfileOrSessions()
    {
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IdentityApp.ServiceClientId,
            ["client_secret"] = IdentityApp.ServiceClientSecret,
        });
        var token = (await (await client.PostAsync("/api/auth/token", form, TestContext.Current.CancellationToken)).ReadJsonAsync())
            .GetProperty("access_token").GetString()!;
        using var service = app.ClientWith(token);

        var me = await service.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        var sessions = await service.GetFromJsonAsync<List<SessionBody>>("/api/auth/sessions", TestContext.Current.CancellationToken);
        var logout = await service.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, me.StatusCode);
        Assert.Empty(sessions!);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
    }
}
