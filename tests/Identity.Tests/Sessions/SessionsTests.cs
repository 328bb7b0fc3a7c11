using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Identity.Tests.Sessions;

public sealed class SessionsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Sessions_TwoLogins_ListsBothAndMarksTheCurrentOne()
    {
        var user = await app.NewCustomerAsync();
        var second = await app.LoginAsync(user.Email, user.Password);

        var sessions = await user.Client.GetFromJsonAsync<List<SessionBody>>("/api/auth/sessions", TestContext.Current.CancellationToken);

        Assert.Equal(2, sessions!.Count);
        var current = Assert.Single(sessions, s => s.Current);
        Assert.Equal(SessionId(user.Tokens.AccessToken), current.Id);
        Assert.Contains(sessions, s => s.Id == SessionId(second.AccessToken) && !s.Current);
        Assert.All(sessions, s => Assert.True(s.ExpiresAt > s.CreatedAt.AddDays(13)));
    }

    [Fact]
    public async Task Sessions_DeleteMyOtherSession_Returns204AndEndsIt()
    {
        var user = await app.NewCustomerAsync();
        var other = await app.LoginAsync(user.Email, user.Password);
        var otherId = SessionId(other.AccessToken);

        var response = await user.Client.DeleteAsync($"/api/auth/sessions/{otherId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var otherClient = app.ClientWith(other.AccessToken);
        var me = await otherClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        using var anonymous = app.CreateClient();
        var refresh = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = other.RefreshToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        var sessions = await user.Client.GetFromJsonAsync<List<SessionBody>>("/api/auth/sessions", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(sessions!, s => s.Id == otherId);
        var stillMe = await user.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, stillMe.StatusCode);
    }

    [Fact]
    public async Task Sessions_DeleteAnotherUsersSession_Returns404AndLeavesItAlone()
    {
        var owner = await app.NewCustomerAsync();
        var intruder = await app.NewCustomerAsync();

        var response = await intruder.Client.DeleteAsync(
            $"/api/auth/sessions/{SessionId(owner.Tokens.AccessToken)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var me = await owner.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Sessions_DeleteUnknownId_Returns404()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.DeleteAsync($"/api/auth/sessions/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Sessions_WithoutBearer_Return401()
    {
        using var client = app.CreateClient();

        var list = await client.GetAsync("/api/auth/sessions", TestContext.Current.CancellationToken);
        var delete = await client.DeleteAsync($"/api/auth/sessions/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    private static Guid SessionId(string accessToken) => Guid.Parse(new JsonWebToken(accessToken).GetClaim("sid").Value);
}
