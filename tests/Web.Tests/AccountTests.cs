using System.Net;
using System.Text.RegularExpressions;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>A shopper's own account pages: profile, sessions, notification preferences and notifications.</summary>
public sealed class AccountTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task Profile_EditedFromTheAccountMenu_PersistsAndRenamesTheMenuBar()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Paula Profile", email);

        // The account menu, by keyboard only: focus its button, open it, follow "Profile".
        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var profileItem = page.GetByRole(AriaRole.Menuitem, new() { Name = "Profile" });
        await Expect(profileItem).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Sessions" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Notification preferences" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        await profileItem.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/account/profile$"));
        await Browser.InteractiveAsync(page);

        await Expect(page.GetByTestId("profile-email")).ToHaveTextAsync(email, new() { Timeout = 30_000 });
        var name = page.GetByLabel("Name", new() { Exact = true });
        await Expect(name).ToHaveValueAsync("Paula Profile");

        // Identity's validation problem, shown beside the field it is about.
        await name.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).PressAsync("Enter");
        await Expect(page.GetByText("Name is required.")).ToBeVisibleAsync(Slow);

        await name.FillAsync("Paula Renamed");
        await page.GetByLabel("Mobile (optional)").FillAsync("+355 69 123 4567");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).PressAsync("Enter");
        await Expect(page.GetByTestId("profile-saved")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Paula Renamed");
        await Browser.ScreenshotAsync(page, "account-profile");

        await Browser.GoToAsync(page, "/account/profile");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Paula Renamed", new() { Timeout = 30_000 });
        await Expect(page.GetByLabel("Mobile (optional)")).ToHaveValueAsync("+355 69 123 4567");
        Assert.Empty(await page.GetByTestId("profile-saved").AllAsync());

        using var api = await Api.SignInAsync(platform, email, Api.Password);
        var me = await Api.GetAsync(api, "/api/users/me");
        Assert.Equal("Paula Renamed", me.GetProperty("name").GetString());
        Assert.Equal("+355 69 123 4567", me.GetProperty("mobile").GetString());
    }

    [Fact]
    public async Task Sessions_ListTheCurrentOne_AndEndingAnotherSignsItOut()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Sam Sessions", email);
        using var elsewhere = await Api.SignInAsync(platform, email, Api.Password);

        await Browser.GoToAsync(page, "/account/sessions");
        var rows = page.GetByTestId("session");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var current = page.Locator("[data-testid=session][data-current=true]");
        await Expect(current).ToHaveCountAsync(1);
        await Expect(current.GetByTestId("current-session")).ToHaveTextAsync("This browser");
        await Expect(current.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "account-sessions");

        await page.Locator("[data-testid=session][data-current=false]").GetByRole(AriaRole.Button).PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(current).ToHaveCountAsync(1);

        // The ended session's tokens stop working; this browser's keep working.
        using var ended = await elsewhere.GetAsync("/api/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        await Browser.GoToAsync(page, "/account/sessions");
        await Expect(page.GetByTestId("current-session")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Sam Sessions");
    }

    [Fact]
    public async Task Preferences_Saved_AreThereAfterAReload()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Pia Preferences", email);
        await Browser.GoToAsync(page, "/account/preferences");

        var mail = page.GetByRole(AriaRole.Switch, new() { Name = "Email" });
        var sms = page.GetByRole(AriaRole.Switch, new() { Name = "SMS" });
        var push = page.GetByRole(AriaRole.Switch, new() { Name = "Push notifications" });
        var marketing = page.GetByRole(AriaRole.Switch, new() { Name = "Offers and news" });
        await Expect(mail).ToBeCheckedAsync(new() { Timeout = 30_000 });
        await Expect(sms).Not.ToBeCheckedAsync();
        await Expect(marketing).Not.ToBeCheckedAsync();

        await mail.ClickAsync();
        await sms.ClickAsync();
        await marketing.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).PressAsync("Enter");
        await Expect(page.GetByTestId("preferences-saved")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "account-preferences");

        await Browser.GoToAsync(page, "/account/preferences");
        await Expect(sms).ToBeCheckedAsync(new() { Timeout = 30_000 });
        await Expect(mail).Not.ToBeCheckedAsync();
        await Expect(push).Not.ToBeCheckedAsync();
        await Expect(marketing).ToBeCheckedAsync();

        using var api = await Api.SignInAsync(platform, email, Api.Password);
        var saved = await Api.GetAsync(api, "/api/notifications/preferences");
        Assert.False(saved.GetProperty("email").GetBoolean());
        Assert.True(saved.GetProperty("sms").GetBoolean());
        Assert.False(saved.GetProperty("push").GetBoolean());
        Assert.True(saved.GetProperty("marketing").GetBoolean());
    }

    [Fact]
    public async Task Notifications_AfterAPaidOrder_ListTheConfirmationAndTheWelcome()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Candles");
        var product = await Api.CreateProductAsync(admin, category.Id, "Beeswax candle " + Guid.NewGuid().ToString("N")[..6], 6.40m, 20);
        await Api.StockedAsync(admin, product, 20);

        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Nina Notified", email);
        using var api = await Api.SignInAsync(platform, email, Api.Password);
        var order = await Api.PlacePaidOrderAsync(api, product);
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(api, "/api/notifications")).GetProperty("items").EnumerateArray()
                .Any(n => n.GetProperty("template").GetString() == "order_confirmation"),
            TimeSpan.FromSeconds(30),
            $"the confirmation of order {order} recorded");

        await Browser.GoToAsync(page, "/account/notifications");
        var rows = page.GetByTestId("notification");
        await Expect(rows.Filter(new() { HasText = "is confirmed" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(rows.Filter(new() { HasText = "is confirmed" })).ToContainTextAsync("Email");
        await Expect(rows.Filter(new() { HasText = "Welcome to Bazaar" })).ToHaveCountAsync(1);
        var total = (await Api.GetAsync(api, "/api/notifications")).GetProperty("totalCount").GetInt32();
        await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync($"{total} notifications");
        await Expect(page.GetByTestId("no-notifications")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "account-notifications");
    }
}
