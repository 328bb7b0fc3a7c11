using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Bazaar.Identity.Tests.Auth;

public sealed class RegisterTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Register_ValidBody_Returns201WithUserShape()
    {
        using var client = app.CreateClient();
        var email = IdentityApp.NewEmail();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register",
            new { name = " Ada Lovelace ", email = $"  {email.ToUpperInvariant()} ", password = "Correct-Horse-1", mobile = "+44 20 7946 0000" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.ReadJsonAsync();
        var id = json.GetProperty("id").GetGuid();
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Ada Lovelace", json.GetProperty("name").GetString());
        Assert.Equal(email, json.GetProperty("email").GetString());
        Assert.Equal("+44 20 7946 0000", json.GetProperty("mobile").GetString());
        Assert.Equal(["customer"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(json.TryGetProperty("createdAt", out _));
        Assert.False(json.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task Register_RolesInBody_AreIgnoredAndUserIsCustomer()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register",
            new { name = "Mallory", email = IdentityApp.NewEmail(), password = "Correct-Horse-1", roles = new[] { "admin" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<UserBody>(TestContext.Current.CancellationToken);
        Assert.Equal(["customer"], user!.Roles);
    }

    [Fact]
    public async Task Register_EmailTakenInAnotherCase_Returns409Problem()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register",
            new { name = "Twin", email = email.ToUpperInvariant(), password = "Correct-Horse-2" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(409, problem!.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
    }

    [Fact]
    public async Task Register_WeakPassword_Returns400WithPasswordError()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register",
            new { name = "Weak", email = IdentityApp.NewEmail(), password = "short" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(400, problem!.Status);
        Assert.Contains("password", problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.test")]
    [InlineData("Name <name@example.test>")]
    [InlineData("")]
    public async Task Register_BadEmail_Returns400WithEmailError(string email)
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/register",
            new { name = "Bad Email", email, password = "Correct-Horse-1" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Contains("email", problem!.Errors!.Keys);
    }

    [Fact]
    public async Task Register_MissingFields_Returns400WithErrorPerField()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(["email", "name", "password"], problem!.Errors!.Keys.Order());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"email\": ")]
    [InlineData("{\"name\": 42, \"email\": \"a@b.test\", \"password\": \"Correct-Horse-1\"}")]
    [InlineData("")]
    public async Task Register_MalformedJson_Returns400Problem(string body)
    {
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/auth/register", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Equal(400, problem!.Status);
    }
}
