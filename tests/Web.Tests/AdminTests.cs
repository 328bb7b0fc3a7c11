using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The operator's pages, signed in as the platform's admin, in a real browser.</summary>
public sealed class AdminTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    [Fact]
    public async Task AdminProducts_CreateThenSetStock_ReachesCatalogAndInventory()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Lamps");
        var sku = "LAMP-" + Guid.NewGuid().ToString("N")[..8];
        var name = "Brass desk lamp " + sku;

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products");
        await page.GetByLabel("SKU").FillAsync(sku);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Description").FillAsync("A lamp with a brass shade.");
        await Browser.ChooseAsync(page, "Category", category.Name);
        await page.GetByLabel("Price (USD)").FillAsync("45.5");
        await page.GetByLabel("Initial stock").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).PressAsync("Enter");

        await Expect(page.GetByTestId("edit-panel")).ToContainTextAsync(name, new() { Timeout = 30_000 });
        var products = await Api.GetAsync(admin, "/api/products?sort=-createdAt&pageSize=100");
        var created = products.GetProperty("items").EnumerateArray().Single(p => string.Equals(p.GetProperty("sku").GetString(), sku, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(45.5m, created.GetProperty("price").GetDecimal());
        Assert.Equal(category.Id, created.GetProperty("categoryId").GetGuid());
        var id = created.GetProperty("id").GetGuid();
        await Api.StockedAsync(admin, id, 3);

        // Opened again: the panel opened on creation read the stock before Inventory had a record of it.
        await Browser.OpenProductAsync(page, name);
        await Expect(page.GetByTestId("stock-levels")).ToContainTextAsync("On hand 3", new() { Timeout = 30_000 });
        await page.GetByLabel("Units on hand").FillAsync("42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set stock" }).PressAsync("Enter");
        await Expect(page.GetByTestId("stock-levels")).ToContainTextAsync("On hand 42", new() { Timeout = 30_000 });
        Assert.Equal(42, await Api.OnHandAsync(admin, id));
        await Browser.ScreenshotAsync(page, "admin-products");
    }

    [Fact]
    public async Task AdminDashboard_AfterAPaidOrder_ShowsTheSale()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Globes");
        var name = "Desk globe " + Guid.NewGuid().ToString("N")[..6];
        var product = await Api.CreateProductAsync(admin, category.Id, name, 58.00m, 6);
        await Api.StockedAsync(admin, product, 6);
        var (customer, _) = await Api.NewCustomerAsync(platform);
        using (customer)
        {
            await Api.PlacePaidOrderAsync(customer, product);
        }

        // Analytics learns of the sale by event: the dashboard shows it within seconds.
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(admin, $"/api/analytics/sales?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-ddTHH:mm:ssZ}&to={DateTime.UtcNow.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}"))
                .GetProperty("topProducts").EnumerateArray().Any(p => p.GetProperty("productId").GetGuid() == product),
            TimeSpan.FromSeconds(60),
            "the sale in analytics");

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin");
        await Expect(page.GetByTestId("top-products")).ToContainTextAsync(name, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("order-count")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByTestId("average-order")).ToContainTextAsync("USD");
        await Expect(page.GetByTestId("orders-chart").Locator("svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("revenue-chart").Locator("svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("funnel")).ToContainTextAsync("Paid orders");
        await Browser.ScreenshotAsync(page, "admin-dashboard");
    }

    [Fact]
    public async Task AdminOrders_ProcessThenShip_RecordsTheShipment()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Clocks");
        var product = await Api.CreateProductAsync(admin, category.Id, "Wall clock " + Guid.NewGuid().ToString("N")[..6], 22.00m, 4);
        await Api.StockedAsync(admin, product, 4);
        var (customer, _) = await Api.NewCustomerAsync(platform);
        var orderId = await Api.PlacePaidOrderAsync(customer, product);
        customer.Dispose();

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/orders");
        var shortId = orderId.ToString()[^8..];
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mark order {shortId} processing" }).PressAsync("Enter");
        await page.GetByLabel("Tracking number (optional)").First.WaitForAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = shortId });
        await row.GetByLabel("Tracking number (optional)").FillAsync("TRACK-" + shortId);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Mark order {shortId} shipped" }).PressAsync("Enter");
        // The next step on offer is "delivered" once the shipment is recorded.
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Mark order {shortId} delivered" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "admin-orders");

        var order = await Api.GetAsync(admin, $"/api/orders/{orderId}");
        Assert.Equal("shipped", order.GetProperty("status").GetString());
        Assert.Equal("TRACK-" + shortId, order.GetProperty("shipment").GetProperty("trackingNumber").GetString());
    }

    [Fact]
    public async Task AdminPages_ForACustomer_AreRefused()
    {
        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Curious Customer", Browser.NewEmail());
        await page.GotoAsync("/admin");
        await Expect(page.GetByText("This page is for administrators.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Curious Customer");
        await Browser.ScreenshotAsync(page, "admin-refused");
        await Expect(page.GetByTestId("revenue")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AdminDemotedWhileOnTheDashboard_ThePageClosesAndTheNextLoadIsRefused_StillSignedIn()
    {
        using var platformAdmin = await Api.AdminAsync(platform);
        var (customer, email) = await Api.NewCustomerAsync(platform);
        customer.Dispose();
        var userId = (await Api.UserIdAsync(platformAdmin, email));
        (await platformAdmin.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "customer", "admin" } })).EnsureSuccessStatusCode();
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, email, Api.Password, "/admin");
        await Expect(page.GetByTestId("revenue")).ToBeVisibleAsync();

        (await platformAdmin.PutAsJsonAsync($"/api/users/{userId}/roles", new { roles = new[] { "customer" } })).EnsureSuccessStatusCode();

        // The open circuit follows within its revalidation interval: the dashboard goes away.
        await Expect(page.GetByTestId("revenue")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await page.GotoAsync("/admin");
        await Expect(page.GetByText("This page is for administrators.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Api Customer");
    }
}
