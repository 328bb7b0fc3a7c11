using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>Refunds, review moderation and roles, as the shop's admin does them in a real browser.</summary>
public sealed class AdminOperationsTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminOrders_FilterPaidThenRefund_OrderBecomesRefunded()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Kettles");
        var product = await Api.CreateProductAsync(admin, category.Id, "Copper kettle " + AdminData.Suffix(), 64.00m, 3);
        await Api.StockedAsync(admin, product, 3);
        var (customer, _) = await Api.NewCustomerAsync(platform);
        Guid orderId;
        using (customer)
        {
            orderId = await Api.PlacePaidOrderAsync(customer, product);
        }

        var shortId = orderId.ToString()[^8..];
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/orders");
        await Browser.ChooseAsync(page, "Status", "paid", exact: true);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = shortId });
        await Expect(row).ToContainTextAsync("paid", Slow);
        // Only paid orders are listed under that filter.
        await Expect(page.GetByTestId("order-status").Filter(new() { HasNotText = "paid" })).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Refund order {shortId}" }).PressAsync("Enter");
        var panel = page.GetByTestId("refund-panel");
        await Expect(panel).ToContainTextAsync("Paid 64.00 USD", Slow);
        await panel.GetByLabel("Reason for the refund").FillAsync("Arrived dented");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).PressAsync("Enter");
        await Expect(page.GetByTestId("refund-result")).ToContainTextAsync("Payment refunded: 64.00 USD of 64.00 USD refunded.", Slow);

        // Payments tells Ordering by event: the order turns refunded a moment later, and the list follows.
        await Browser.ChooseAsync(page, "Status", "refunded", exact: true);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = shortId }).GetByTestId("order-status")).ToHaveTextAsync("refunded", new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "admin-refund");
        Assert.Equal("refunded", (await Api.GetAsync(admin, $"/api/orders/{orderId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AdminReviews_ApproveAReviewHeldForItsLink_ItShowsOnTheProductPage()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Rugs");
        var product = await Api.CreateProductAsync(admin, category.Id, "Wool rug " + AdminData.Suffix(), 140m, 2);
        var title = "Warm and soft " + AdminData.Suffix();
        var (customer, _) = await Api.NewCustomerAsync(platform);
        using (customer)
        {
            await AdminData.PendingReviewAsync(customer, product, title);
        }

        var shop = await platform.NewPageAsync();
        await Browser.GoToAsync(shop, $"/products/{product}");
        await Expect(shop.GetByText("No reviews yet.")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/reviews");
        var review = page.GetByTestId("pending-review").Filter(new() { HasText = title });
        await Expect(review).ToContainTextAsync("https://example.com/photos", Slow);
        await Browser.ScreenshotAsync(page, "admin-reviews");
        await review.GetByRole(AriaRole.Button, new() { Name = "Approve" }).PressAsync("Enter");
        await Expect(review).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await Browser.GoToAsync(shop, $"/products/{product}");
        await Expect(shop.GetByTestId("review").Filter(new() { HasText = title })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task AdminUsers_FindAShopperAndMakeThemAVendor_SavesTheRole()
    {
        var (customer, email) = await Api.NewCustomerAsync(platform);
        Guid id;
        using (customer)
        {
            id = await AdminData.UserIdAsync(customer);
        }

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/users");
        await Browser.SearchAsync(page, "Search by name or email", email, "admin-users");
        var row = page.GetByTestId("admin-users").GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row.GetByTestId("user-roles")).ToHaveTextAsync("customer", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Change roles of {email}" }).PressAsync("Enter");
        await page.GetByTestId("roles-panel").GetByLabel("vendor", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).PressAsync("Enter");
        await Expect(row.GetByTestId("user-roles")).ToHaveTextAsync("customer, vendor", new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "admin-users");

        using var admin = await Api.AdminAsync(platform);
        var roles = (await Api.GetAsync(admin, $"/api/users/{id}")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order().ToArray();
        Assert.Equal(["customer", "vendor"], roles);
    }
}
