using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>Categories, products and stock as the shop's operators manage them, in a real browser.</summary>
public sealed class AdminCatalogTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminCategories_ParentChildThenAProductInIt_TreeCountsItAndRefusesToDeleteTheParent()
    {
        var suffix = AdminData.Suffix();
        var parent = $"Outdoor {suffix}";
        var child = $"Tents {suffix}";
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/categories");

        await page.GetByLabel("Category name").FillAsync(parent);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create category" }).PressAsync("Enter");
        await Expect(page.GetByTestId("category-tree")).ToContainTextAsync(parent, Slow);
        await page.GetByLabel("Category name").FillAsync(child);
        await Browser.ChooseAsync(page, "Parent category", parent);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create category" }).PressAsync("Enter");
        var childRow = page.GetByTestId("category-row").Filter(new() { HasText = child });
        await Expect(childRow.GetByTestId("product-count")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        using var admin = await Api.AdminAsync(platform);
        var categories = (await Api.GetAsync(admin, "/api/categories")).EnumerateArray().ToList();
        var parentId = categories.Single(c => c.GetProperty("name").GetString() == parent).GetProperty("id").GetGuid();
        Assert.Equal(parentId, categories.Single(c => c.GetProperty("name").GetString() == child).GetProperty("parentId").GetGuid());

        var productName = $"Dome tent {suffix}";
        await Browser.GoToAsync(page, "/admin/products");
        await page.GetByLabel("SKU").FillAsync($"TENT-{suffix}");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(productName);
        await Browser.ChooseAsync(page, "Category", child);
        await page.GetByLabel("Price (USD)").FillAsync("120");
        await page.GetByLabel("Initial stock").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).PressAsync("Enter");
        await Expect(page.GetByTestId("edit-panel")).ToContainTextAsync(productName, Slow);

        await Browser.GoToAsync(page, "/admin/categories");
        await Expect(childRow.GetByTestId("product-count")).ToHaveTextAsync("1");
        var parentRow = page.GetByTestId("category-row").Filter(new() { HasText = parent }).Filter(new() { HasNotText = child });
        await Expect(parentRow.GetByTestId("product-count")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete category {parent}" }).PressAsync("Enter");
        await Expect(page.GetByTestId("category-error")).ToContainTextAsync("still has", Slow);
        await Browser.ScreenshotAsync(page, "admin-categories");
    }

    [Fact]
    public async Task AdminProducts_EditThenArchive_ShopShowsTheEditThenNoLongerSellsIt()
    {
        using var admin = await Api.AdminAsync(platform);
        var suffix = AdminData.Suffix();
        var category = await Api.CreateCategoryAsync(admin, "Teaware");
        var name = $"Teapot {suffix}";
        var product = await Api.CreateProductAsync(admin, category.Id, name, 30m, 4);

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products");
        await Browser.OpenProductAsync(page, name);
        var panel = page.GetByTestId("edit-panel");
        await panel.GetByLabel("Product name").FillAsync($"{name} deluxe");
        await panel.GetByLabel("Product price (USD)").FillAsync("34.5");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save product" }).PressAsync("Enter");
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"{name} deluxe", new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, "admin-product-edit");

        var shop = await platform.NewPageAsync();
        await Browser.GoToAsync(shop, $"/products/{product}");
        await Expect(shop.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{name} deluxe", new() { Timeout = 30_000 });
        await Expect(shop.GetByTestId("price")).ToHaveTextAsync("34.50 USD");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Archive product" }).PressAsync("Enter");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Yes, archive it" }).PressAsync("Enter");
        await Expect(page.GetByTestId("edit-panel")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("no-products")).ToBeVisibleAsync();

        await Browser.GoToAsync(shop, $"/products/{product}");
        await Expect(shop.GetByText("This product is not available.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.GoToAsync(shop, "/");
        await shop.GetByLabel("Search products").FillAsync($"Teapot {suffix}");
        await Expect(shop.GetByTestId("product-card")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.Equal(404, await AdminData.StatusCodeAsync(admin, $"/api/products/{product}"));
    }

    [Fact]
    public async Task AdminStock_AdjustWithAReason_ShowsTheNewLevelAndTheLedgerLine()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Mugs");
        var name = $"Stoneware mug {AdminData.Suffix()}";
        var product = await Api.CreateProductAsync(admin, category.Id, name, 12m, 10);
        await Api.StockedAsync(admin, product, 10);

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products");
        await Browser.OpenProductAsync(page, name);
        await Expect(page.GetByTestId("stock-levels")).ToContainTextAsync("On hand 10", Slow);
        await page.GetByLabel("Adjust by (units; negative removes)").FillAsync("-3");
        await Browser.ChooseAsync(page, "Reason for adjustment", "Damaged");
        await page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).PressAsync("Enter");

        await Expect(page.GetByTestId("stock-levels")).ToContainTextAsync("On hand 7, reserved 0, available 7", Slow);
        var damaged = page.GetByTestId("stock-ledger").GetByRole(AriaRole.Row).Filter(new() { HasText = "Damaged" });
        // The ledger and the movements load after the level: on a loaded machine, seconds later.
        await Expect(damaged).ToContainTextAsync("adjusted", Slow);
        await Expect(damaged).ToContainTextAsync("-3", Slow);
        await Expect(page.GetByTestId("stock-movements")).ToContainTextAsync("-3", Slow);
        await Browser.ScreenshotAsync(page, "admin-stock");
        Assert.Equal(7, await Api.OnHandAsync(admin, product));
    }

    [Fact]
    public async Task AdminProducts_ASearchTheCatalogRefuses_SaysWhyInsteadOfListingNothing()
    {
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products");
        await page.GetByLabel("Find a product").FillAsync(new string('x', 201));

        await Expect(page.GetByTestId("load-error")).ToHaveTextAsync("The search text must be at most 200 characters.");
        await Expect(page.GetByTestId("no-products")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AdminProducts_ForAVendor_ListOnlyItsOwnAndAdminOnlyPagesAreRefused()
    {
        using var admin = await Api.AdminAsync(platform);
        var (vendor, email, _) = await AdminData.NewVendorAsync(platform, admin);
        var suffix = AdminData.Suffix();
        var category = await Api.CreateCategoryAsync(admin, "Candles");
        var own = $"Beeswax candle {suffix}";
        var others = $"Soy candle {suffix}";
        using (vendor)
        {
            await Api.CreateProductAsync(vendor, category.Id, own, 9m, 5);
        }

        await Api.CreateProductAsync(admin, category.Id, others, 8m, 5);

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, email, Api.Password, "/");
        var main = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
        await main.GetByRole(AriaRole.Link, new() { Name = "My products" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My products");
        await Expect(page.GetByTestId("admin-products")).ToContainTextAsync(own, Slow);
        await Expect(page.GetByTestId("admin-products").GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // header + its one product
        await Expect(page.GetByText(others)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {own}" }).PressAsync("Enter");
        await Expect(page.GetByTestId("edit-panel")).ToContainTextAsync("Stock is set by the shop's administrators.");
        await Expect(page.GetByLabel("Units on hand")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "admin-vendor-products");

        foreach (var adminOnly in new[] { "/admin", "/admin/orders", "/admin/categories", "/admin/users", "/admin/reviews" })
        {
            await page.GotoAsync(adminOnly);
            await Expect(page.GetByText("This page is for administrators.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" })).ToHaveCountAsync(0);
        }
    }
}
