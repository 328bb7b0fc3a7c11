using System.Net.Http.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The audit log as the admin reads it, in a real browser: a price change shows who made it, before and after.</summary>
public sealed class AdminAuditTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminAudit_AfterAnAdminChangesAPrice_ShowsTheEntryWithOldAndNewPrice()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Lamps");
        var id = await Api.CreateProductAsync(admin, category.Id, "Audited lamp " + AdminData.Suffix(), 40m, 3);
        var product = await Api.GetAsync(admin, $"/api/products/{id}");
        using (var changed = await admin.PutAsJsonAsync($"/api/products/{id}", new
        {
            sku = product.GetProperty("sku").GetString(),
            name = product.GetProperty("name").GetString(),
            categoryId = category.Id,
            price = 55.5m,
        }))
        {
            changed.EnsureSuccessStatusCode();
        }

        // The entry travels through the outbox and the broker to Analytics.
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(admin, $"/api/audit?entity=product&entityId={id}")).GetProperty("totalCount").GetInt32() == 2,
            TimeSpan.FromSeconds(30),
            $"the audit entries of product {id}");

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/audit");
        await page.GetByLabel("Entity id").FillAsync(id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show entries" }).PressAsync("Enter");

        var rows = page.GetByTestId("audit-row");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var newest = rows.First;
        await Expect(newest).ToContainTextAsync("product updated", Slow);
        await Expect(newest).ToContainTextAsync(WebPlatform.AdminEmail);
        await Expect(newest.GetByTestId("audit-before")).ToContainTextAsync("\"price\": 40");
        await Expect(newest.GetByTestId("audit-after")).ToContainTextAsync("\"price\": 55.5");
        // A change shows the fields it changed; the sku stayed, so it is left out.
        await Expect(newest.GetByTestId("audit-after")).Not.ToContainTextAsync("\"sku\"");
        await Expect(newest.GetByTestId("audit-after")).ToContainTextAsync("unchanged");
        await Expect(rows.Nth(1)).ToContainTextAsync("product created");
        await Browser.ScreenshotAsync(page, "admin-audit");
    }
}
