using System.Net.Http.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The wishlist (hearts, the wishlist page) and "tell me when it's back" on an out-of-stock product.</summary>
public sealed class WishlistTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task Wishlist_HeartOnProductPage_ListedOnTheWishlistPage_ThenRemoved()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Teapots");
        var name = "Cast iron teapot " + Guid.NewGuid().ToString("N")[..6];
        var product = await Api.CreateProductAsync(admin, category.Id, name, 32.00m, 5);

        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Wanda Wisher", Browser.NewEmail());
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add {name} to my wishlist" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove {name} from my wishlist" })).ToBeVisibleAsync(Slow);

        await Browser.GoToAsync(page, "/account/wishlist");
        var item = page.GetByTestId("wishlist-item");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(item).ToContainTextAsync(name);
        await Expect(item).ToContainTextAsync("32.00 USD");
        await Browser.ScreenshotAsync(page, "wishlist");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {name} from my wishlist" }).ClickAsync();
        await Expect(page.GetByTestId("empty-wishlist")).ToBeVisibleAsync(Slow);
    }

    [Fact]
    public async Task ProductPage_OutOfStock_TellMeWhenItsBack_MailArrivesOnceRestocked()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Kettles");
        var product = await Api.CreateProductAsync(admin, category.Id, "Copper kettle " + Guid.NewGuid().ToString("N")[..6], 45.00m, 2);
        await Api.StockedAsync(admin, product, 2);
        (await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 0 })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(admin, $"/api/products/{product}")).GetProperty("stockStatus").GetString() == "out_of_stock",
            TimeSpan.FromSeconds(30),
            "the catalog shows the product out of stock");

        var email = Browser.NewEmail();
        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Alfie Alerted", email);
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tell me when it's back" }).ClickAsync();
        await Expect(page.GetByTestId("alert-requested")).ToBeVisibleAsync(Slow);
        await Browser.ScreenshotAsync(page, "back-in-stock-alert");

        (await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 3 })).EnsureSuccessStatusCode();

        var mail = await platform.Mail.WaitForMailAsync(email, "It's back in stock at Bazaar", TimeSpan.FromSeconds(60));
        Assert.Contains($"/products/{product}", mail.Text);
    }
}
