using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>Returns in the browser: the shopper asks on a delivered order's page, the admin decides in the returns queue.</summary>
public sealed class ReturnsTests(WebPlatform platform) : IAsyncDisposable
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    [Fact]
    public async Task Shopper_DeliveredOrder_RequestsAReturnAndSeesItsStatus()
    {
        using var admin = await Api.AdminAsync(platform);
        var (name, orderId, customer, email) = await DeliveredOrderAsync(admin, "Woollen scarf");
        using var _ = customer;

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, email, Api.Password, $"/orders/{orderId}");
        var quantity = page.GetByLabel($"Quantity of {name} to return");
        await quantity.FillAsync("1");
        await quantity.PressAsync("Tab");
        await page.GetByLabel("Reason").FillAsync("The colour is not as pictured");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request return" }).ClickAsync();

        await Expect(page.GetByTestId("return-status")).ToContainTextAsync("requested", Slow);
        // Everything bought is claimed now: the form is gone.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Request return" })).ToBeHiddenAsync();
        var mine = (await Api.GetAsync(customer, "/api/returns")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("orderId").GetGuid() == orderId);
        Assert.Equal("The colour is not as pictured", mine.GetProperty("items")[0].GetProperty("reason").GetString());
        await Browser.ScreenshotAsync(page, "order-return-requested");

        (await admin.PutAsJsonAsync($"/api/returns/{mine.GetProperty("id").GetGuid()}/status", new { status = "approved" })).EnsureSuccessStatusCode();
        await Browser.GoToAsync(page, $"/orders/{orderId}");
        await Expect(page.GetByTestId("return-status")).ToContainTextAsync("approved", Slow);
    }

    [Fact]
    public async Task Admin_ReturnsQueue_ApprovesAndReceivesWithRestock_TheOrderIsRefundedAndTheStockBack()
    {
        using var admin = await Api.AdminAsync(platform);
        var (_, orderId, customer, _) = await DeliveredOrderAsync(admin, "Ceramic mug");
        using var _c = customer;
        var productId = (await Api.GetAsync(customer, $"/api/orders/{orderId}")).GetProperty("items")[0].GetProperty("productId").GetGuid();
        using var requested = await customer.PostAsJsonAsync($"/api/orders/{orderId}/returns", new { items = new[] { new { productId, quantity = 1, reason = "Chipped" } } });
        requested.EnsureSuccessStatusCode();
        var shortId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().ToString()[^8..];
        var available = await Api.AvailableAsync(admin, productId);

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/returns");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve return {shortId}" }).ClickAsync();
        var receive = page.GetByRole(AriaRole.Button, new() { Name = $"Receive return {shortId} and restock" });
        await receive.ClickAsync(new() { Timeout = 30_000 });

        var row = page.GetByTestId("return-row").Filter(new() { HasText = "Chipped" }).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "…" + orderId.ToString()[^8..] }) });
        await Expect(row.GetByTestId("return-status")).ToContainTextAsync("received", Slow);
        await Expect(row).ToContainTextAsync("restocked");
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(customer, $"/api/orders/{orderId}")).GetProperty("status").GetString() == "refunded",
            TimeSpan.FromSeconds(60),
            $"order {orderId} refunded after its only unit came back");
        await Eventually.HoldsAsync(async () => await Api.AvailableAsync(admin, productId) == available + 1, TimeSpan.FromSeconds(30), "the mug back in stock");
        await Browser.ScreenshotAsync(page, "admin-returns");
    }

    /// <summary>A product bought once by a new customer and delivered by the admin.</summary>
    private async Task<(string Name, Guid OrderId, HttpClient Customer, string Email)> DeliveredOrderAsync(HttpClient admin, string what)
    {
        var category = await Api.CreateCategoryAsync(admin, what + " shelf");
        var name = $"{what} {Guid.NewGuid().ToString("N")[..6]}";
        var product = await Api.CreateProductAsync(admin, category.Id, name, 19.00m, 5);
        await Api.StockedAsync(admin, product, 5);
        var (customer, email) = await Api.NewCustomerAsync(platform);
        var orderId = await Api.PlacePaidOrderAsync(customer, product);
        foreach (var status in new[] { "processing", "shipped", "delivered" })
        {
            (await admin.PutAsJsonAsync($"/api/orders/{orderId}/status", new { status })).EnsureSuccessStatusCode();
        }

        return (name, orderId, customer, email);
    }
}
