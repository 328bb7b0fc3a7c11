using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Identity.Tests.Auth;

public sealed class ChangePasswordTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangePassword_RightCurrent_Returns204AndOnlyTheNewPasswordLogsIn()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword = "Brand-New-Secret-2" }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var client = app.CreateClient();
        var oldLogin = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        await app.LoginAsync(user.Email, "Brand-New-Secret-2");
    }

    [Fact]
    public async Task ChangePassword_OtherSessions_EndWhileTheCallersStays()
    {
        var user = await app.NewCustomerAsync();
        var other = await app.LoginAsync(user.Email, user.Password);
        using var otherClient = app.ClientWith(other.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/api/users/me", Cancel)).StatusCode);

        var response = await user.Client.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword = "Brand-New-Secret-2" }, Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherClient.GetAsync("/api/users/me", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.RefreshAsync(other.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/users/me", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.RefreshAsync(user.Tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrent_Returns400OnCurrentPasswordAndChangesNothing()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "Not-The-Password-1", newPassword = "Brand-New-Secret-2" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Equal(["currentPassword"], problem.Errors!.Keys);
        await app.LoginAsync(user.Email, user.Password);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ChangePassword_WeakNewPassword_Returns400OnNewPassword(string? newPassword)
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/auth/password", new { currentPassword = user.Password, newPassword }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Equal(["newPassword"], problem.Errors!.Keys);
        await app.LoginAsync(user.Email, user.Password);
    }

    [Fact]
    public async Task ChangePassword_WithoutBearer_Returns401()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "a", newPassword = "Brand-New-Secret-2" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
