using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>Coupon codes as the admin manages them, with how often orders used them, in a real browser.</summary>
public sealed class AdminPromotionsTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminPromotions_CreateEditThenTheSameCodeInAnotherCase_ApiHasTheEditAndTheCodeFieldSaysItIsTaken()
    {
        using var admin = await Api.AdminAsync(platform);
        var code = $"SPRING{AdminData.Suffix().ToUpperInvariant()}";
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/promotions");

        await page.GetByLabel("Coupon code").FillAsync(code);
        await page.GetByLabel("Value (% or USD)").FillAsync("10");
        await page.GetByLabel("Uses in all").FillAsync("100");
        await page.GetByLabel("Uses per customer").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create promotion" }).PressAsync("Enter");
        var row = page.GetByTestId("promotion-row").Filter(new() { HasText = code });
        await Expect(row).ToContainTextAsync("10 % off", Slow);
        await Expect(row.GetByTestId("times-used")).ToHaveTextAsync("0");
        var created = await PromotionAsync(admin, code);
        Assert.Equal("percent", created.GetProperty("kind").GetString());
        Assert.Equal(100, created.GetProperty("usageLimit").GetInt32());
        Assert.Equal(1, created.GetProperty("perCustomerLimit").GetInt32());

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit promotion {code}" }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Edit {code}" })).ToBeVisibleAsync();
        await page.GetByLabel("Value (% or USD)").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save promotion" }).PressAsync("Enter");
        await Expect(row).ToContainTextAsync("15 % off", Slow);
        Assert.Equal(15m, (await PromotionAsync(admin, code)).GetProperty("value").GetDecimal());

        var form = page.GetByTestId("promotion-form");
        await page.GetByLabel("Coupon code").FillAsync(code.ToLowerInvariant());
        await page.GetByLabel("Value (% or USD)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create promotion" }).PressAsync("Enter");
        await Expect(form).ToContainTextAsync($"Another promotion has the code {code.ToLowerInvariant()}", Slow);

        await page.GetByLabel("Coupon code").FillAsync("two words!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create promotion" }).PressAsync("Enter");
        await Expect(form).ToContainTextAsync("code is required: 1 to", Slow);
        await Browser.ScreenshotAsync(page, "admin-promotions-errors");
        var all = await PromotionsAsync(admin);
        Assert.Single(all, p => string.Equals(p.GetProperty("code").GetString(), code, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(all, p => p.GetProperty("code").GetString() == "two words!");
        Assert.Equal(15m, (await PromotionAsync(admin, code)).GetProperty("value").GetDecimal());

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete promotion {code}" }).PressAsync("Enter");
        await Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain(await PromotionsAsync(admin), p => p.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task AdminPromotions_UsedByAnOrder_ListShowsItUsedOnce()
    {
        using var admin = await Api.AdminAsync(platform);
        var code = $"WELCOME{AdminData.Suffix().ToUpperInvariant()}";
        using (var promotion = await admin.PostAsJsonAsync("/api/promotions", new { code, kind = "fixed", value = 5m, usageLimit = 10 }))
        {
            promotion.EnsureSuccessStatusCode();
        }

        var category = await Api.CreateCategoryAsync(admin, "Lamps");
        var product = await Api.CreateProductAsync(admin, category.Id, "Desk lamp " + AdminData.Suffix(), 40m, 3);
        await Api.StockedAsync(admin, product, 3);
        var (customer, _) = await Api.NewCustomerAsync(platform);
        using (customer)
        {
            await PlaceOrderWithCouponAsync(customer, product, code.ToLowerInvariant());
        }

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/promotions");
        var row = page.GetByTestId("promotion-row").Filter(new() { HasText = code });
        await Expect(row).ToContainTextAsync("5.00 USD off", Slow);
        await Expect(row.GetByTestId("times-used")).ToHaveTextAsync("1");
        await Expect(row).ToContainTextAsync("10 uses");
        await Browser.ScreenshotAsync(page, "admin-promotions");
        Assert.Equal(1, (await PromotionAsync(admin, code)).GetProperty("timesUsed").GetInt32());
    }

    /// <summary>
    /// The use is saved with the order, in its transaction, so it counts from the 201 on; waiting for
    /// the payment as well only made the test slower (and flaky on a loaded machine).
    /// </summary>
    private static async Task PlaceOrderWithCouponAsync(HttpClient customer, Guid productId, string couponCode)
    {
        using var placed = await customer.PostAsJsonAsync("/api/orders", new
        {
            items = new[] { new { productId, quantity = 1 } },
            shippingAddress = new { name = "Ada Buyer", line1 = "1 Market Street", city = "Tirana", postalCode = "1001", country = "AL" },
            paymentMethodId = "pm_card_visa",
            couponCode,
        });
        placed.EnsureSuccessStatusCode();
    }

    private static async Task<List<JsonElement>> PromotionsAsync(HttpClient admin) =>
        [.. (await Api.GetAsync(admin, "/api/promotions")).EnumerateArray()];

    private static async Task<JsonElement> PromotionAsync(HttpClient admin, string code) =>
        (await PromotionsAsync(admin)).Single(p => p.GetProperty("code").GetString() == code);
}
