using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace Bazaar.Notifications.Tests;

/// <summary>The account mails Identity asks for: their links reach the SMTP server and are not kept afterwards.</summary>
public sealed class AccountMailTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewToken() => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task PasswordResetRequested_MailWithTheResetLinkArrivesAndTheLinkIsNotKept()
    {
        var user = await app.RegisterAsync();
        var token = NewToken();

        await app.PublishAsync(new PasswordResetRequested(user.Id, user.Email, "Ada Lovelace", token, DateTimeOffset.UtcNow.AddMinutes(30)));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "Reset your Bazaar password");
        var link = $"{NotificationsApp.PublicUrl}/account/reset-password?token={token}";
        Assert.Contains(link, mail.Text);
        Assert.Contains(link, mail.Html);
        Assert.Equal(token, TokenOf(mail.Text!, "/account/reset-password"));
        var listed = await NotificationsApp.WaitForListedAsync(user, "password_reset", "sent");
        await AssertForgottenAsync(listed.Id, token);
    }

    [Fact]
    public async Task EmailVerificationRequested_MailWithTheVerifyLinkArrivesAndTheLinkIsNotKept()
    {
        var user = await app.RegisterAsync();
        var token = NewToken();

        await app.PublishAsync(new EmailVerificationRequested(user.Id, user.Email, "Ada Lovelace", token, DateTimeOffset.UtcNow.AddDays(7)));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "Confirm your email address");
        Assert.Contains($"{NotificationsApp.PublicUrl}/account/verify-email?token={token}", mail.Text);
        Assert.Equal(token, TokenOf(mail.Text!, "/account/verify-email"));
        var listed = await NotificationsApp.WaitForListedAsync(user, "email_verification", "sent");
        await AssertForgottenAsync(listed.Id, token);
    }

    [Fact]
    public async Task PasswordResetRequested_EmailTurnedOff_IsSentAllTheSame()
    {
        var user = await app.RegisterAsync();
        await app.Mail.WaitForMailAsync(user.Email, "Welcome to Bazaar");
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { email = false, sms = false, push = false, marketing = false }, Cancel)).EnsureSuccessStatusCode();
        var token = NewToken();

        await app.PublishAsync(new PasswordResetRequested(user.Id, user.Email, "Ada Lovelace", token, DateTimeOffset.UtcNow.AddMinutes(30)));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "Reset your Bazaar password");
        Assert.Contains(token, mail.Text);
        // Only the mail: security notices never go out by SMS or push.
        Assert.Single((await NotificationsApp.ListAsync(user.Client)).Items, n => n.Template == "password_reset");
    }

    [Fact]
    public async Task PasswordResetRequested_ForAUserNotYetKnown_GoesToTheAddressInTheEvent()
    {
        var userId = Guid.CreateVersion7();
        var email = $"{userId:N}@example.com";
        var token = NewToken();

        await app.PublishAsync(new PasswordResetRequested(userId, email, "Grace Hopper", token, DateTimeOffset.UtcNow.AddMinutes(30)));

        var mail = await app.Mail.WaitForMailAsync(email, "Reset your Bazaar password");
        Assert.Contains("Hello Grace Hopper,", mail.Text);
    }

    private static string? TokenOf(string text, string page)
    {
        var url = text.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).Single(w => w.Contains(page, StringComparison.Ordinal));
        return QueryHelpers.ParseQuery(new Uri(url).Query)["token"];
    }

    /// <summary>The row of a sent account mail keeps no trace of its link.</summary>
    private async Task AssertForgottenAsync(Guid notificationId, string token)
    {
        Notifications.Notification? row = null;
        await Eventually.HoldsAsync(
            async () => (row = await app.FindAsync(notificationId)) is { Status: Notifications.NotificationStatus.Sent },
            TimeSpan.FromSeconds(15),
            "the account mail's row is recorded as sent");
        Assert.DoesNotContain(token, row!.Body);
        Assert.Equal(Notifications.Notification.ForgottenBody, row.Body);
        Assert.Null(row.HtmlBody);
    }
}
