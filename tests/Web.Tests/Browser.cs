using Microsoft.Playwright;

namespace Bazaar.Web.Tests;

/// <summary>What a shopper does in the browser, shared by the tests.</summary>
internal static class Browser
{
    /// <summary>Waits until the page's Blazor circuit is up, so clicks and typing reach the server.</summary>
    public static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Gives a Blazor InputFile its file once the component's script has hooked the input: a file set
    /// before that fires a change nobody hears (the page is interactive a moment before the input is),
    /// and the upload silently never starts. The marker is Blazor's own (InputFile.ts init).
    /// </summary>
    public static async Task UploadAsync(IPage page, ILocator input, FilePayload file)
    {
        var element = await input.ElementHandleAsync();
        await page.WaitForFunctionAsync("e => e._blazorInputFileNextFileId !== undefined", element);
        await input.SetInputFilesAsync(file);
    }

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

    /// <summary>
    /// Picks <paramref name="option"/> in the drop-down labelled <paramref name="label"/> and waits until
    /// the page shows it chosen. The choice reaches the page's state a server round trip after the
    /// click; a button pressed before then is handled first and saves the form without it (a
    /// sub-category was created without its parent that way under load).
    /// </summary>
    public static async Task ChooseAsync(IPage page, string label, string option, bool exact = false)
    {
        var select = page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await select.ClickAsync();
        var item = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = exact });
        await item.ClickAsync();
        await Assertions.Expect(select).ToContainTextAsync(option);
        await Assertions.Expect(item).ToBeHiddenAsync();
    }

    /// <summary>
    /// Types <paramref name="text"/> into the search box labelled <paramref name="label"/> and waits
    /// until the table <paramref name="tableTestId"/> lists that one match only. The search runs a
    /// debounce and a server round trip after the typing; a row's button pressed before then can be
    /// re-rendered under another row's contents (or removed) by the time the press reaches the server.
    /// </summary>
    public static async Task SearchAsync(IPage page, string label, string text, string tableTestId)
    {
        await page.GetByLabel(label).FillAsync(text);
        var rows = page.GetByTestId(tableTestId).GetByRole(AriaRole.Row);
        await Assertions.Expect(rows).ToHaveCountAsync(2); // the header and the match
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync(text);
    }

    /// <summary>
    /// Opens the admin's panel for the product named <paramref name="name"/> from the products table
    /// and waits until that opening has replaced whatever panel was open before (the stock part of a
    /// panel reopened for the same product looks the same until it has been replaced).
    /// </summary>
    public static async Task OpenProductAsync(IPage page, string name)
    {
        await SearchAsync(page, "Find a product", name, "admin-products");
        var stockBefore = await page.GetByTestId("stock-levels").ElementHandlesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("edit-panel").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(name);
        foreach (var old in stockBefore)
        {
            await page.WaitForFunctionAsync("e => !e.isConnected", old);
            await old.DisposeAsync();
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = WebPlatform.ScreenshotPath(name), FullPage = true });

    public static string NewEmail() => $"shopper-{Guid.NewGuid():N}@example.test";
}
