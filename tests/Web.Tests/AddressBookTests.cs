using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The address book page: add, edit, make default, delete, and Identity's field errors.</summary>
public sealed class AddressBookTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    private static async Task FillAsync(IPage page, string label, string name, string line1, string city, string postalCode, string country)
    {
        var form = page.GetByTestId("address-form");
        await form.GetByLabel("Label (optional)").FillAsync(label);
        await form.GetByLabel("Full name").FillAsync(name);
        await form.GetByLabel("Address line 1").FillAsync(line1);
        await form.GetByLabel("City").FillAsync(city);
        await form.GetByLabel("Postal code").FillAsync(postalCode);
        await form.GetByLabel("Country code (e.g. US, DE)").FillAsync(country);
    }

    [Fact]
    public async Task AddressBook_AddEditMakeDefaultDelete_KeepsOneDefault()
    {
        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Addy Address", Browser.NewEmail());
        await Browser.GoToAsync(page, "/account/addresses");
        await Expect(page.GetByTestId("no-addresses")).ToBeVisibleAsync(Slow);
        var cards = page.GetByTestId("address");

        // Identity's field error, beside the field.
        await FillAsync(page, "Home", "Addy Address", "Hauptstraße 1", "Berlin", "10115", "XX");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add address" }).PressAsync("Enter");
        await Expect(page.GetByText("Country must be an ISO 3166-1 alpha-2 code")).ToBeVisibleAsync(Slow);
        await Expect(cards).ToHaveCountAsync(0);

        await page.GetByTestId("address-form").GetByLabel("Country code (e.g. US, DE)").FillAsync("de");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add address" }).PressAsync("Enter");
        await Expect(cards).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(cards.First).ToContainTextAsync("DE");
        await Expect(cards.First.GetByTestId("default-address")).ToBeVisibleAsync();

        await FillAsync(page, "Work", "Addy Address", "1 Main St", "Boston", "02101", "US");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add address" }).PressAsync("Enter");
        await Expect(cards).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Make Work the default" }).PressAsync("Enter");
        var defaults = page.Locator("[data-testid=address][data-default=true]");
        await Expect(defaults).ToContainTextAsync("Work", new() { Timeout = 30_000 });
        await Expect(defaults).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "account-addresses");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Home" }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit the address" })).ToBeVisibleAsync(Slow);
        await page.GetByTestId("address-form").GetByLabel("City").FillAsync("Potsdam");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save address" }).PressAsync("Enter");
        await Expect(cards.Filter(new() { HasText = "Home" })).ToContainTextAsync("Potsdam", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Work" }).PressAsync("Enter");
        await Expect(cards).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(defaults).ToContainTextAsync("Home");
    }
}
