using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The shopper's way through the storefront, in a real browser, through the gateway.</summary>
public sealed class StorefrontTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task Catalog_SearchAsYouType_ShowsOnlyMatchingProductsWithPriceAndStock()
    {
        using var admin = await Api.AdminAsync(platform);
        var word = "Zephyr" + Guid.NewGuid().ToString("N")[..6];
        var category = await Api.CreateCategoryAsync(admin, "Kites");
        var kite = await Api.CreateProductAsync(admin, category.Id, $"{word} stunt kite", 24.50m, 7);
        await Api.CreateProductAsync(admin, category.Id, $"{word} kite line", 5.25m, 30);
        await Api.CreateProductAsync(admin, category.Id, "Plain string " + Guid.NewGuid().ToString("N")[..6], 1m, 3);
        await Api.StockedAsync(admin, kite, 7);

        var page = await platform.NewPageAsync();
        await Browser.GoToAsync(page, "/");
        await page.GetByLabel("Search products").FillAsync(word);

        var cards = page.GetByTestId("product-card");
        await Expect(cards).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(cards.Filter(new() { HasText = "stunt kite" })).ToContainTextAsync("24.50 USD");
        await Expect(cards.Filter(new() { HasText = "stunt kite" }).GetByTestId("stock")).ToHaveTextAsync(new Regex("stock", RegexOptions.IgnoreCase));
        await Browser.ScreenshotAsync(page, "catalog");

        await cards.Filter(new() { HasText = "stunt kite" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{word} stunt kite", Slow);
        await Expect(page.GetByText("made for the browser tests")).ToBeVisibleAsync();
        await Expect(page.GetByText("teal")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "product");
    }

    [Fact]
    public async Task Catalog_AtPhoneWidth_FiltersByCategory()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Lanterns");
        var name = "Paper lantern " + Guid.NewGuid().ToString("N")[..6];
        await Api.CreateProductAsync(admin, category.Id, name, 3.10m, 12);

        var page = await platform.NewPageAsync(phone: true);
        await Browser.GoToAsync(page, "/");
        await Browser.ChooseAsync(page, "Category", category.Name);

        var cards = page.GetByTestId("product-card");
        await Expect(cards).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(cards).ToContainTextAsync(name);
        await Browser.ScreenshotAsync(page, "catalog-phone");
    }

    [Fact]
    public async Task Catalog_FacetCounts_ShowBesideFiltersAndNarrowTheList()
    {
        using var admin = await Api.AdminAsync(platform);
        var word = "Quokka" + Guid.NewGuid().ToString("N")[..6];
        var kites = await Api.CreateCategoryAsync(admin, "Kites");
        var reels = await Api.CreateCategoryAsync(admin, "Reels");
        await Api.CreateProductAsync(admin, kites.Id, $"{word} delta kite", 12m, 5);
        await Api.CreateProductAsync(admin, kites.Id, $"{word} box kite", 40m, 5);
        await Api.CreateProductAsync(admin, reels.Id, $"{word} line reel", 30m, 5);

        var page = await platform.NewPageAsync();
        await Browser.GoToAsync(page, "/");
        await page.GetByLabel("Search products").FillAsync(word);

        var cards = page.GetByTestId("product-card");
        await Expect(cards).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        var categoryFacets = page.GetByTestId("facet-category");
        await Expect(categoryFacets.Filter(new() { HasText = kites.Name })).ToHaveTextAsync($"{kites.Name} (2)", Slow);
        await Expect(categoryFacets.Filter(new() { HasText = reels.Name })).ToHaveTextAsync($"{reels.Name} (1)");
        await Expect(page.GetByTestId("facet-price").Filter(new() { HasText = "25 to 50" })).ToHaveTextAsync("25 to 50 (2)");

        await categoryFacets.Filter(new() { HasText = kites.Name }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        // The category's own facet still counts its neighbour; the price facet counts within the category.
        await Expect(categoryFacets.Filter(new() { HasText = reels.Name })).ToHaveTextAsync($"{reels.Name} (1)");
        await Expect(page.GetByTestId("facet-price").Filter(new() { HasText = "Under 25" })).ToHaveTextAsync("Under 25 (1)", Slow);
        await Browser.ScreenshotAsync(page, "catalog-facets");

        await page.GetByTestId("facet-price").Filter(new() { HasText = "Under 25" }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(cards).ToContainTextAsync($"{word} delta kite");
    }

    [Fact]
    public async Task Register_ThenSignOutAndIn_ShowsWhoIsSignedIn()
    {
        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Rita Register", email);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Rita Register");

        // Clicked, not pressed: the page may still move the focus as it settles after becoming
        // interactive, and a key pressed then goes nowhere (still signed in, in CI).
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.GotoAsync("/account/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("wrong-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).PressAsync("Enter");
        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Wrong email or password.");
        await Browser.ScreenshotAsync(page, "signin");

        await Browser.SignInAsync(page, email, Api.Password);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Rita Register");
    }

    [Fact]
    public async Task Register_WithTakenEmail_ShowsTheErrorOnThePage()
    {
        var (customer, email) = await Api.NewCustomerAsync(platform);
        customer.Dispose();
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Name").FillAsync("Twice");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 8 characters)").FillAsync(Api.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).PressAsync("Enter");
        await Expect(page.GetByTestId("register-error")).ToHaveTextAsync("That email is already registered.");
        await Browser.ScreenshotAsync(page, "register");
    }

    [Fact]
    public async Task Checkout_WithVisa_OrderTurnsPaidWithoutReload()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Teapots");
        var name = "Cast iron teapot " + Guid.NewGuid().ToString("N")[..6];
        var product = await Api.CreateProductAsync(admin, category.Id, name, 31.00m, 5);
        await Api.StockedAsync(admin, product, 5);

        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Vera Visa", Browser.NewEmail());
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).PressAsync("Enter");
        await Expect(page.GetByText($"Added 2 × {name}")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Browser.GoToAsync(page, "/cart");
        await Expect(page.GetByTestId("cart-total")).ToContainTextAsync("62.00 USD", new() { Timeout = 30_000 });
        await FillAddressAsync(page);
        await page.GetByLabel("Visa (succeeds)").CheckAsync();
        await Browser.ScreenshotAsync(page, "cart");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        var url = page.Url;
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("paid", Slow);
        Assert.Equal(url, page.Url);
        await Browser.ScreenshotAsync(page, "order-paid");

        await Browser.GoToAsync(page, "/orders");
        await Expect(page.GetByTestId("orders")).ToContainTextAsync("paid", new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "my-orders");
    }

    [Fact]
    public async Task Checkout_WithDeclinedCard_ShowsTheErrorAndPayingAgainSucceeds()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Mugs");
        var product = await Api.CreateProductAsync(admin, category.Id, "Stoneware mug " + Guid.NewGuid().ToString("N")[..6], 9.90m, 4);
        await Api.StockedAsync(admin, product, 4);

        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Dora Declined", Browser.NewEmail());
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).PressAsync("Enter");
        await Expect(page.GetByText("Added 1 ×")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.GoToAsync(page, "/cart");
        await FillAddressAsync(page);
        await page.GetByLabel("Declined card").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).PressAsync("Enter");

        await Expect(page.GetByTestId("payment-error")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "order-payment-failed");
        await page.GetByLabel("Visa (succeeds)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay again" }).PressAsync("Enter");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("paid", Slow);
    }

    private static async Task FillAddressAsync(IPage page)
    {
        await page.GetByLabel("Full name").FillAsync("Ada Buyer");
        await page.GetByLabel("Address line 1").FillAsync("1 Market Street");
        await page.GetByLabel("City").FillAsync("Tirana");
        await page.GetByLabel("Postal code").FillAsync("1001");
        await page.GetByLabel("Country (2 letters)").FillAsync("AL");
    }
}
