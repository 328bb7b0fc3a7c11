using System.Net;
using System.Text.RegularExpressions;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The account pages a mailed link opens (password reset, email verification) and the password change.</summary>
public sealed partial class AccountSecurityTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    [GeneratedRegex(@"https?://\S+?(/account/[a-z-]+\?token=[A-Za-z0-9_%-]+)")]
    private static partial Regex AccountLink();

    /// <summary>The storefront path of the link in a mail, opened on this run's gateway.</summary>
    private static string LinkIn(ReceivedMail mail) => AccountLink().Match(mail.Text ?? "").Groups[1].Value;

    [Fact]
    public async Task ForgotPassword_MailedLink_SetsANewPasswordThatSignsIn_AndWorksOnce()
    {
        var (api, email) = await Api.NewCustomerAsync(platform);
        api.Dispose();
        var page = await platform.NewPageAsync();

        await page.GotoAsync("/account/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/forgot-password$"));
        // Enhanced navigation changes the URL before it patches the page: until the new heading is
        // there, "Email" is still the sign-in form's field (twice in CI, the email typed went there).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forgot your password?" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).PressAsync("Enter");
        await Expect(page.GetByTestId("reset-requested")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-forgot-password");

        var mail = await platform.Mail.WaitForMailAsync(email, "Reset your Bazaar password", TimeSpan.FromSeconds(30));
        var link = LinkIn(mail);
        Assert.StartsWith("/account/reset-password?token=", link);
        await page.GotoAsync(link);
        await page.GetByLabel("New password (at least 8 characters)").FillAsync("Browser-Reset-Word-7");
        await page.GetByLabel("Repeat the new password").FillAsync("Browser-Reset-Word-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).PressAsync("Enter");
        await Expect(page.GetByTestId("reset-done")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-reset-password");

        await Browser.SignInAsync(page, email, "Browser-Reset-Word-7");

        var again = await platform.NewPageAsync();
        await again.GotoAsync(link);
        await again.GetByLabel("New password (at least 8 characters)").FillAsync("Another-Reset-Word-8");
        await again.GetByLabel("Repeat the new password").FillAsync("Another-Reset-Word-8");
        await again.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).PressAsync("Enter");
        await Expect(again.GetByTestId("reset-error")).ToContainTextAsync("already used", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task VerifyEmail_BannerResendsAndTheNewestLinkConfirms()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Vera Verify", email);

        var banner = page.GetByTestId("verify-banner");
        await Expect(banner).ToBeVisibleAsync(Slow);
        await platform.Mail.WaitForMailAsync(email, "Confirm your email address", TimeSpan.FromSeconds(30));
        await banner.GetByRole(AriaRole.Button, new() { Name = "Send the link again" }).PressAsync("Enter");
        await Expect(page.GetByTestId("verify-resent")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-verify-banner");

        IReadOnlyList<ReceivedMail> mails = [];
        await Eventually.HoldsAsync(
            async () => (mails = (await platform.Mail.MailsToAsync(email)).Where(m => m.Subject.Contains("Confirm your email address")).ToList()).Count == 2,
            TimeSpan.FromSeconds(30),
            "the second verification mail");

        // The first link was replaced by the resend.
        var stale = await platform.NewPageAsync();
        await stale.GotoAsync(LinkIn(mails[0]));
        await stale.GetByRole(AriaRole.Button, new() { Name = "Confirm my email address" }).PressAsync("Enter");
        await Expect(stale.GetByTestId("verify-error")).ToBeVisibleAsync(Slow);

        await page.GotoAsync(LinkIn(mails[1]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email address" }).PressAsync("Enter");
        await Expect(page.GetByTestId("verify-done")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-verify-email");

        await Browser.GoToAsync(page, "/account/profile");
        await Expect(page.GetByText("It is confirmed.")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("verify-banner")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ChangePassword_OnTheProfilePage_EndsOtherSessionsAndKeepsThisOne()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Chad Change", email);
        using var elsewhere = await Api.SignInAsync(platform, email, Api.Password);
        await Browser.GoToAsync(page, "/account/profile");

        var current = page.GetByLabel("Current password");
        var next = page.GetByLabel("New password (at least 8 characters)");
        var change = page.GetByRole(AriaRole.Button, new() { Name = "Change password" });
        await current.FillAsync("Not-My-Password-1");
        await next.FillAsync("Changed-Secret-Word-5");
        await change.PressAsync("Enter");
        await Expect(page.GetByText("The current password is wrong.")).ToBeVisibleAsync(Slow);

        await current.FillAsync(Api.Password);
        await next.FillAsync("Changed-Secret-Word-5");
        await change.PressAsync("Enter");
        await Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-change-password");

        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/users/me")).StatusCode);
        await Browser.GoToAsync(page, "/account/profile");
        await Expect(page.GetByTestId("profile-email")).ToHaveTextAsync(email, new() { Timeout = 30_000 });
        using var renewed = await Api.SignInAsync(platform, email, "Changed-Secret-Word-5");
    }
}
