using System.Text;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>The products' CSV import and export page, in a real browser.</summary>
public sealed class AdminCsvTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    [Fact]
    public async Task AdminCsv_UploadAFile_ShowsCreatedAndTheBadRowThenTheExportHasTheProducts()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Imported");
        var suffix = AdminData.Suffix().ToUpperInvariant();
        var csv =
            "sku,name,category,price,stock\n" +
            $"CSV-{suffix}-1,Imported lamp {suffix},{category.Slug},19.99,3\n" +
            $"CSV-{suffix}-2,\"Imported chair, oak\",{category.Slug},49,0\n" +
            $"CSV-{suffix}-3,Priceless,{category.Slug},free,1\n";
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products/csv");

        await Browser.UploadAsync(page, page.GetByLabel("CSV file"), new FilePayload
        {
            Name = "products.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });

        await Expect(page.GetByTestId("import-created")).ToHaveTextAsync("Created: 2", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("import-failed")).ToHaveTextAsync("Failed: 1");
        var failed = page.GetByTestId("failed-rows").Locator("tbody tr");
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(failed.Locator("td").Nth(1)).ToHaveTextAsync("price");
        await Browser.ScreenshotAsync(page, "admin-products-csv");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-link").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"CSV-{suffix}-1,Imported lamp {suffix},,{category.Slug},19.99,USD,standard", exported);
        Assert.Contains($"\"Imported chair, oak\"", exported);
        Assert.DoesNotContain($"CSV-{suffix}-3", exported);
    }
}
