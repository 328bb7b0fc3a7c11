using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>
/// The checkout with the shop's pricing (saved address, shipping method, coupon, tax; totals as
/// the quote says) and a guest's checkout from the first visit to the order page.
/// Iceland (IS) is this class's own destination: a method shipping to a country other tests use
/// would make their orders (placed without a method) invalid.
/// </summary>
public sealed class CheckoutTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions SlowContains = new() { Timeout = 30_000 };

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture) + " USD";

    [Fact]
    public async Task Checkout_SavedAddressMethodCouponAndTax_ShowsTheQuoteAndTheOrderKeepsIt()
    {
        var suffix = AdminData.Suffix();
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Lamps");
        var product = await Api.CreateProductAsync(admin, category.Id, "Brass lamp " + suffix, 40.00m, 5);
        await Api.StockedAsync(admin, product, 5);
        var methodName = "Island post " + suffix;
        using (var method = await admin.PostAsJsonAsync("/api/shipping/methods", new
        {
            name = methodName, carrier = "Posturinn", countries = new[] { "IS" }, price = 7.50m, estimatedDays = new { min = 2, max = 4 },
        }))
        {
            method.EnsureSuccessStatusCode();
        }

        (await admin.PutAsJsonAsync("/api/tax/rates", new[] { new { country = "IS", taxClass = "standard", rate = 0.24m } })).EnsureSuccessStatusCode();
        var code = "TENOFF-" + suffix;
        (await admin.PostAsJsonAsync("/api/promotions", new { code, kind = "percent", value = 10m })).EnsureSuccessStatusCode();

        var page = await platform.NewPageAsync();
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Quinn Quote", email);
        using var customer = await Api.SignInAsync(platform, email, Api.Password);
        using var saved = await customer.PostAsJsonAsync("/api/users/me/addresses", new
        {
            label = "Home", name = "Quinn Quote", line1 = "Laugavegur 1", city = "Reykjavik", postalCode = "101", country = "IS",
        });
        saved.EnsureSuccessStatusCode();
        var addressId = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = product, quantity = 2 })).EnsureSuccessStatusCode();

        // What the page must show: the shop's quote for the same choices.
        var methods = await QuoteAsync(customer, new { fromCart = true, shippingAddressId = addressId });
        var methodId = methods.GetProperty("shippingMethods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == methodName).GetProperty("id").GetGuid();
        var quote = await QuoteAsync(customer, new { fromCart = true, shippingAddressId = addressId, shippingMethodId = methodId, couponCode = code });
        decimal Number(string name) => quote.GetProperty(name).GetDecimal();
        Assert.Equal(80.00m, Number("subtotal"));
        Assert.Equal(8.00m, Number("discountTotal"));
        Assert.Equal(7.50m, Number("shippingPrice"));
        Assert.Equal(19.08m, Number("taxTotal")); // 72.00 × 24 % + 7.50 × 24 %
        Assert.Equal(Number("subtotal") - Number("discountTotal") + Number("shippingPrice") + Number("taxTotal"), Number("totalPrice"));

        await Browser.GoToAsync(page, "/cart");
        await Expect(page.GetByTestId("saved-addresses").GetByText("Home: Quinn Quote, Laugavegur 1")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("shipping-methods")).ToContainTextAsync($"{methodName}: 7.50 USD (2–4 days)", SlowContains);
        await Expect(page.GetByTestId("shipping")).ToHaveTextAsync("7.50 USD", Slow);

        // A code the shop does not know: the reason, in words, and totals without it.
        await page.GetByLabel("Coupon code").FillAsync("NO-SUCH-" + suffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByText("There is no coupon with that code.")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByLabel("Coupon code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("coupon-applied")).ToContainTextAsync("you save 8.00 USD", SlowContains);
        await ExpectBreakdownAsync(page, quote);
        await Browser.ScreenshotAsync(page, "checkout-quote");

        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("paid", Slow);
        await ExpectBreakdownAsync(page, quote);
        await Expect(page.GetByTestId("breakdown")).ToContainTextAsync($"Discount ({code})");
        await Expect(page.GetByTestId("breakdown")).ToContainTextAsync($"Shipping ({methodName})");
        await Browser.ScreenshotAsync(page, "order-breakdown");
    }

    [Fact]
    public async Task GuestCheckout_FromTheProductPage_PlacesAPaidOrderItsLinkOpens()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Kites");
        var name = "Box kite " + AdminData.Suffix();
        var product = await Api.CreateProductAsync(admin, category.Id, name, 12.00m, 5);
        await Api.StockedAsync(admin, product, 5);

        var page = await platform.NewPageAsync();
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).PressAsync("Enter");
        await Expect(page.GetByText($"Added 1 × {name}")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Browser.GoToAsync(page, "/cart");
        await Expect(page.GetByTestId("cart-total")).ToContainTextAsync("12.00 USD", SlowContains);
        await Expect(page.GetByTestId("guest-checkout")).ToBeVisibleAsync();
        await page.GetByLabel("Email (for the order's mails)").FillAsync(Browser.NewEmail());
        await page.GetByLabel("Full name").FillAsync("Gale Guest");
        await page.GetByLabel("Address line 1").FillAsync("Rua Augusta 10");
        await page.GetByLabel("City").FillAsync("Lisboa");
        await page.GetByLabel("Postal code").FillAsync("1100-053");
        await page.GetByLabel("Country (2 letters)").FillAsync("PT");
        // Leaving the field commits it (as a shopper moves on), and the page asks what ships there.
        await page.Keyboard.PressAsync("Tab");
        await page.GetByLabel("Visa (succeeds)").CheckAsync();
        await Expect(page.GetByTestId("no-shipping-methods")).ToHaveTextAsync("No shipping method to choose for this address.", Slow);
        await Browser.ScreenshotAsync(page, "guest-checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("paid", Slow);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToBeVisibleAsync();
        var link = await page.GetByTestId("order-link").GetAttributeAsync("href");
        Assert.NotNull(link);
        Assert.Matches(new Regex("/orders/[0-9a-f-]{36}\\?token=.+"), link);

        // The mailed link opens the order in another browser; a wrong token opens nothing.
        var elsewhere = await platform.NewPageAsync();
        await Browser.GoToAsync(elsewhere, new Uri(link).PathAndQuery);
        await Expect(elsewhere.GetByTestId("order-status")).ToHaveTextAsync("paid", Slow);
        var orderId = Regex.Match(link, "/orders/([0-9a-f-]{36})").Groups[1].Value;
        var stranger = await platform.NewPageAsync();
        await Browser.GoToAsync(stranger, $"/orders/{orderId}?token=not-the-token");
        await Expect(stranger.GetByText("Order not found.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.GoToAsync(stranger, $"/orders/{orderId}");
        await Expect(stranger.GetByText("Order not found.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task<JsonElement> QuoteAsync(HttpClient customer, object body)
    {
        using var response = await customer.PostAsJsonAsync("/api/checkout/quote", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ExpectBreakdownAsync(IPage page, JsonElement quote)
    {
        await Expect(page.GetByTestId("subtotal")).ToHaveTextAsync(Money(quote.GetProperty("subtotal").GetDecimal()), Slow);
        await Expect(page.GetByTestId("discount")).ToHaveTextAsync("−" + Money(quote.GetProperty("discountTotal").GetDecimal()), Slow);
        await Expect(page.GetByTestId("shipping")).ToHaveTextAsync(Money(quote.GetProperty("shippingPrice").GetDecimal()), Slow);
        await Expect(page.GetByTestId("tax")).ToHaveTextAsync(Money(quote.GetProperty("taxTotal").GetDecimal()), Slow);
        await Expect(page.GetByTestId("grand-total")).ToHaveTextAsync(Money(quote.GetProperty("totalPrice").GetDecimal()), Slow);
    }
}
