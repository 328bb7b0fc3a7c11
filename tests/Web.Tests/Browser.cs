using Microsoft.Playwright;

namespace Bazaar.Web.Tests;

/// <summary>What a shopper does in the browser, shared by the tests.</summary>
internal static class Browser
{
    /// <summary>Waits until the page's Blazor circuit is up, so clicks and typing reach the server.</summary>
    public static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await InteractiveAsync(page);
    }

    public static async Task RegisterAsync(IPage page, string name, string email, string password = Api.Password)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 8 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).PressAsync("Enter");
        await page.GetByTestId("signed-in-as").WaitForAsync();
        await InteractiveAsync(page);
    }

    public static async Task SignInAsync(IPage page, string email, string password, string returnUrl = "/")
    {
        await page.GotoAsync("/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).PressAsync("Enter");
        await page.GetByTestId("signed-in-as").WaitForAsync();
        await InteractiveAsync(page);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = WebPlatform.ScreenshotPath(name), FullPage = true });

    public static string NewEmail() => $"shopper-{Guid.NewGuid():N}@example.test";
}
