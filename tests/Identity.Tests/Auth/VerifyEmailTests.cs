using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bazaar.Identity.Tests.Auth;

public sealed class VerifyEmailTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> VerifyAsync(string? token)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/verify-email", new { token }, Cancel);
    }

    [Fact]
    public async Task Register_MailsAVerificationTokenAndTheUserIsUnverified()
    {
        var user = await app.NewCustomerAsync();

        var mailed = await app.LastVerificationAsync(user.Id);
        Assert.Equal(user.Email, mailed.Email);
        Assert.True(mailed.ExpiresAt > DateTimeOffset.UtcNow.AddDays(6));
        var me = (await user.Client.GetFromJsonAsync<UserBody>("/api/users/me", Cancel))!;
        Assert.False(me.EmailVerified);
        Assert.Equal("false", new JsonWebToken(user.Tokens.AccessToken).GetClaim("email_verified").Value);
    }

    [Fact]
    public async Task Verify_MailedToken_Returns204ShowsEmailVerifiedAndPublishesUserEmailVerified()
    {
        var user = await app.NewCustomerAsync();
        var mailed = await app.LastVerificationAsync(user.Id);

        var response = await VerifyAsync(mailed.Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var me = (await user.Client.GetFromJsonAsync<UserBody>("/api/users/me", Cancel))!;
        Assert.True(me.EmailVerified);
        var fresh = await app.LoginAsync(user.Email, user.Password);
        Assert.Equal("true", new JsonWebToken(fresh.AccessToken).GetClaim("email_verified").Value);
        var verified = Assert.Single(await app.EventsAsync<UserEmailVerified>(e => e.UserId == user.Id));
        Assert.Equal(user.Email, verified.Email);
    }

    [Fact]
    public async Task Verify_TokenUsedAlready_Is400()
    {
        var user = await app.NewCustomerAsync();
        var mailed = await app.LastVerificationAsync(user.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(mailed.Token)).StatusCode);

        var again = await VerifyAsync(mailed.Token);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(["token"], (await again.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Verify_BadToken_Is400OnToken(string? token)
    {
        var response = await VerifyAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["token"], (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Fact]
    public async Task Verify_ExpiredToken_Is400AndLeavesTheUserUnverified()
    {
        var user = await app.NewCustomerAsync();
        var mailed = await app.LastVerificationAsync(user.Id);
        await app.WithDbAsync(db => db.AccountTokens.Where(t => t.UserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Cancel));

        Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(mailed.Token)).StatusCode);

        Assert.False((await user.Client.GetFromJsonAsync<UserBody>("/api/users/me", Cancel))!.EmailVerified);
    }

    [Fact]
    public async Task Resend_Unverified_Returns202AndTheNewTokenReplacesTheOld()
    {
        var user = await app.NewCustomerAsync();
        var first = await app.LastVerificationAsync(user.Id);

        var response = await user.Client.PostAsync("/api/auth/verify-email/resend", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var second = await app.LastVerificationAsync(user.Id);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(first.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(second.Token)).StatusCode);
    }

    [Fact]
    public async Task Resend_AlreadyVerified_Returns202AndMailsNothing()
    {
        var user = await app.NewCustomerAsync();
        await VerifyAsync((await app.LastVerificationAsync(user.Id)).Token);

        var response = await user.Client.PostAsync("/api/auth/verify-email/resend", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await app.EventsAsync<EmailVerificationRequested>(e => e.UserId == user.Id));
    }

    [Fact]
    public async Task Resend_WithoutBearer_Is401()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/auth/verify-email/resend", null, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PasswordReset_ProvesTheAddressToo()
    {
        var user = await app.NewCustomerAsync();
        await app.RequestResetAsync(user.Email);

        await app.ConfirmResetAsync((await app.LastResetAsync(user.Id)).Token, "Reset-Secret-Word-3");

        var fresh = await app.LoginAsync(user.Email, "Reset-Secret-Word-3");
        using var client = app.ClientWith(fresh.AccessToken);
        Assert.True((await client.GetFromJsonAsync<UserBody>("/api/users/me", Cancel))!.EmailVerified);
        Assert.Single(await app.EventsAsync<UserEmailVerified>(e => e.UserId == user.Id));
    }
}
