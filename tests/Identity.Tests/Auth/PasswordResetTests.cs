using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Tests.Auth;

public sealed class PasswordResetTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_KnownEmail_Returns202AndMailsATokenValidFor30Minutes()
    {
        var user = await app.NewCustomerAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await app.RequestResetAsync(user.Email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mailed = await app.LastResetAsync(user.Id);
        Assert.Equal(user.Email, mailed.Email);
        Assert.Equal("Test User", mailed.Name);
        Assert.InRange(mailed.ExpiresAt, before.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(30));
        // 32 random bytes, base64url: 43 characters.
        Assert.Equal(43, mailed.Token.Length);
        var stored = await app.WithDbAsync(db => db.AccountTokens.AsNoTracking().Where(t => t.UserId == user.Id && t.Purpose == Tokens.AccountTokenPurpose.PasswordReset).Select(t => t.Hash).ToListAsync(Cancel));
        // Only the SHA-256 of the token is kept.
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mailed.Token)), Assert.Single(stored));
    }

    [Fact]
    public async Task Request_UnknownEmail_AnswersExactlyAsForAKnownOneAndMailsNothing()
    {
        var user = await app.NewCustomerAsync();
        var unknown = IdentityApp.NewEmail();

        var known = await app.RequestResetAsync(user.Email);
        var stranger = await app.RequestResetAsync(unknown);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, stranger.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Cancel), await stranger.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(known.Content.Headers.ContentType, stranger.Content.Headers.ContentType);
        Assert.Empty(await app.EventsAsync<PasswordResetRequested>(e => e.Email == unknown));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public async Task Request_BadEmail_Returns400OnEmail(string email)
    {
        var response = await app.RequestResetAsync(email);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["email"], (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Fact]
    public async Task Confirm_ValidToken_SetsThePasswordAndEndsEverySession()
    {
        var user = await app.NewCustomerAsync();
        var second = await app.LoginAsync(user.Email, user.Password);
        await app.RequestResetAsync(user.Email);
        var mailed = await app.LastResetAsync(user.Id);

        var response = await app.ConfirmResetAsync(mailed.Token, "Reset-Secret-Word-3");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var tokens in new[] { user.Tokens, second })
        {
            using var client = app.ClientWith(tokens.AccessToken);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/users/me", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.RefreshAsync(tokens.RefreshToken)).StatusCode);
        }

        await app.LoginAsync(user.Email, "Reset-Secret-Word-3");
    }

    [Fact]
    public async Task Confirm_SameTokenTwice_SecondIs400OnToken()
    {
        var user = await app.NewCustomerAsync();
        await app.RequestResetAsync(user.Email);
        var mailed = await app.LastResetAsync(user.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ConfirmResetAsync(mailed.Token, "Reset-Secret-Word-3")).StatusCode);

        var again = await app.ConfirmResetAsync(mailed.Token, "Another-Secret-Word-4");

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(["token"], (await again.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
        await app.LoginAsync(user.Email, "Reset-Secret-Word-3");
    }

    [Fact]
    public async Task Confirm_TwoInParallelWithOneToken_ExactlyOneSucceeds()
    {
        var user = await app.NewCustomerAsync();
        await app.RequestResetAsync(user.Email);
        var mailed = await app.LastResetAsync(user.Id);

        var responses = await Task.WhenAll(
            app.ConfirmResetAsync(mailed.Token, "Racing-Secret-One-1"),
            app.ConfirmResetAsync(mailed.Token, "Racing-Secret-Two-2"));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.BadRequest);
        var winner = responses[0].StatusCode == HttpStatusCode.NoContent ? "Racing-Secret-One-1" : "Racing-Secret-Two-2";
        await app.LoginAsync(user.Email, winner);
    }

    [Fact]
    public async Task Confirm_ExpiredToken_Is400AndKeepsThePassword()
    {
        var user = await app.NewCustomerAsync();
        await app.RequestResetAsync(user.Email);
        var mailed = await app.LastResetAsync(user.Id);
        await app.WithDbAsync(db => db.AccountTokens.Where(t => t.UserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Cancel));

        var response = await app.ConfirmResetAsync(mailed.Token, "Reset-Secret-Word-3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["token"], (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
        await app.LoginAsync(user.Email, user.Password);
    }

    [Fact]
    public async Task Confirm_OlderTokenAfterANewRequest_IsSuperseded()
    {
        var user = await app.NewCustomerAsync();
        await app.RequestResetAsync(user.Email);
        var first = await app.LastResetAsync(user.Id);
        await app.RequestResetAsync(user.Email);
        var second = await app.LastResetAsync(user.Id);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.ConfirmResetAsync(first.Token, "Reset-Secret-Word-3")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ConfirmResetAsync(second.Token, "Reset-Secret-Word-3")).StatusCode);
    }

    [Theory]
    [InlineData("unknown-token", "Reset-Secret-Word-3", "token")]
    [InlineData("", "Reset-Secret-Word-3", "token")]
    [InlineData("unknown-token", "short", "newPassword")]
    public async Task Confirm_BadInput_Is400OnTheField(string token, string newPassword, string field)
    {
        var response = await app.ConfirmResetAsync(token, newPassword);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Fact]
    public async Task Confirm_LockedOutAccount_IsUnlocked()
    {
        var user = await app.NewCustomerAsync();
        using var client = app.CreateClient();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "Wrong-Password-9" }, Cancel);
        }

        Assert.Equal(HttpStatusCode.Locked, last.StatusCode);
        await app.RequestResetAsync(user.Email);
        var mailed = await app.LastResetAsync(user.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await app.ConfirmResetAsync(mailed.Token, "Reset-Secret-Word-3")).StatusCode);

        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "Reset-Secret-Word-3" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
