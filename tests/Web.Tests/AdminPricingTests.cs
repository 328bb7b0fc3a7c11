using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>
/// Shipping methods and the tax table as the admin manages them, in a real browser. They use
/// countries no other test ships to (IS, LI) and put back what they changed: every order the other
/// tests place is priced by the same methods and rates.
/// </summary>
public sealed class AdminPricingTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminShipping_AddEditThenACountryThatIsNoCode_ApiHasTheEditAndTheFieldSaysWhy()
    {
        using var admin = await Api.AdminAsync(platform);
        var name = $"Iceland post {AdminData.Suffix()}";
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/shipping");

        await page.GetByLabel("Method name").FillAsync(name);
        await page.GetByLabel("Carrier (optional)").FillAsync("Posturinn");
        await page.GetByLabel("Countries").FillAsync("IS");
        await page.GetByLabel("Price (USD)").FillAsync("7.5");
        await page.GetByLabel("Free over (USD, optional)").FillAsync("100");
        await page.GetByLabel("Days at least").FillAsync("3");
        await page.GetByLabel("Days at most").FillAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add method" }).PressAsync("Enter");
        var row = page.GetByTestId("shipping-row").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("7.50", Slow);
        var method = await MethodAsync(admin, name);
        Assert.Equal(["IS"], method.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(100m, method.GetProperty("freeOver").GetDecimal());
        Assert.Equal(6, method.GetProperty("estimatedDays").GetProperty("max").GetInt32());

        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = $"Edit method {name}" }).PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Edit {name}" })).ToBeVisibleAsync();
            await page.GetByLabel("Price (USD)").FillAsync("9");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save method" }).PressAsync("Enter");
            await Expect(row).ToContainTextAsync("9.00", Slow);
            Assert.Equal(9m, (await MethodAsync(admin, name)).GetProperty("price").GetDecimal());

            await page.GetByRole(AriaRole.Button, new() { Name = $"Edit method {name}" }).PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Edit {name}" })).ToBeVisibleAsync();
            await page.GetByLabel("Countries").FillAsync("Iceland");
            await page.GetByLabel("Price (USD)").FillAsync("11");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save method" }).PressAsync("Enter");
            await Expect(page.GetByTestId("shipping-form")).ToContainTextAsync("ISO 3166-1 alpha-2", Slow);
            await Browser.ScreenshotAsync(page, "admin-shipping");
            var unchanged = await MethodAsync(admin, name);
            Assert.Equal(9m, unchanged.GetProperty("price").GetDecimal());
            Assert.Equal(["IS"], unchanged.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));

            await page.GetByRole(AriaRole.Button, new() { Name = $"Delete method {name}" }).PressAsync("Enter");
            await Expect(row).ToHaveCountAsync(0);
            Assert.DoesNotContain(await MethodsAsync(admin), m => m.GetProperty("name").GetString() == name);
        }
        finally
        {
            // Left behind, it would make every order to Iceland need a method.
            await admin.DeleteAsync($"/api/shipping/methods/{method.GetProperty("id").GetGuid()}");
        }
    }

    [Fact]
    public async Task AdminTax_AddRowsThenARateOver100Percent_ApiHasTheRowsAndTheRowSaysWhy()
    {
        using var admin = await Api.AdminAsync(platform);
        var before = await RatesAsync(admin);
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/tax");
        await Expect(page.GetByTestId("tax-row")).ToHaveCountAsync(before.Count);
        try
        {
            var standard = before.Count + 1;
            var reduced = before.Count + 2;
            await page.GetByRole(AriaRole.Button, new() { Name = "Add row" }).PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add row" }).PressAsync("Enter");
            await page.GetByLabel($"Country of row {standard}", new() { Exact = true }).FillAsync("LI");
            await page.GetByLabel($"Rate % of row {standard}", new() { Exact = true }).FillAsync("7.7");
            await page.GetByLabel($"Country of row {reduced}", new() { Exact = true }).FillAsync("LI");
            await Browser.ChooseAsync(page, $"Tax class of row {reduced}", "reduced", exact: true);
            await page.GetByLabel($"Rate % of row {reduced}", new() { Exact = true }).FillAsync("2.5");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save tax table" }).PressAsync("Enter");
            await Expect(page.GetByText("Saved the tax table")).ToBeVisibleAsync();
            var saved = await RatesAsync(admin);
            Assert.Equal(0.077m, Rate(saved, "LI", "standard"));
            Assert.Equal(0.025m, Rate(saved, "LI", "reduced"));

            // The page lists the table as the API sorts it, so the row's number is its place there.
            var row = saved.FindIndex(r => r.Country == "LI" && r.TaxClass == "reduced") + 1;
            await Expect(page.GetByLabel($"Country of row {row}", new() { Exact = true })).ToHaveValueAsync("LI");
            await page.GetByLabel($"Rate % of row {row}", new() { Exact = true }).FillAsync("150");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save tax table" }).PressAsync("Enter");
            await Expect(page.GetByTestId("tax-row").Nth(row - 1)).ToContainTextAsync("a fraction from 0 to 1", Slow);
            await Browser.ScreenshotAsync(page, "admin-tax");
            Assert.Equal(0.025m, Rate(await RatesAsync(admin), "LI", "reduced"));

            await page.GetByLabel($"Rate % of row {row}", new() { Exact = true }).FillAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save tax table" }).PressAsync("Enter");
            await Eventually.HoldsAsync(async () => Rate(await RatesAsync(admin), "LI", "reduced") == 0.03m, TimeSpan.FromSeconds(30), "the edited rate");
            await Expect(page.GetByText("a fraction from 0 to 1")).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = $"Remove row {row}", Exact = true }).PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save tax table" }).PressAsync("Enter");
            await Eventually.HoldsAsync(async () => Rate(await RatesAsync(admin), "LI", "reduced") is null, TimeSpan.FromSeconds(30), "the removed row gone");
            Assert.Equal(0.077m, Rate(await RatesAsync(admin), "LI", "standard"));
        }
        finally
        {
            var now = await RatesAsync(admin);
            using var restored = await admin.PutAsJsonAsync("/api/tax/rates", now.Where(r => r.Country != "LI").ToList());
            restored.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task AdminProducts_TaxClassChosen_CatalogKeepsIt()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Books");
        var name = $"Field guide {AdminData.Suffix()}";
        var product = await Api.CreateProductAsync(admin, category.Id, name, 25m, 3);

        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/products");
        await Browser.OpenProductAsync(page, name);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Product tax class", Exact = true })).ToContainTextAsync("standard");
        await Browser.ChooseAsync(page, "Product tax class", "reduced", exact: true);
        await page.GetByTestId("edit-panel").GetByRole(AriaRole.Button, new() { Name = "Save product" }).PressAsync("Enter");

        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(admin, $"/api/products/{product}")).GetProperty("taxClass").GetString() == "reduced",
            TimeSpan.FromSeconds(30),
            "the product's tax class reduced");
    }

    private sealed record TaxRate(string Country, string? Region, string TaxClass, decimal Rate);

    private static async Task<List<TaxRate>> RatesAsync(HttpClient admin) =>
        await admin.GetFromJsonAsync<List<TaxRate>>("/api/tax/rates", JsonSerializerOptions.Web) ?? [];

    private static decimal? Rate(List<TaxRate> rates, string country, string taxClass) =>
        rates.SingleOrDefault(r => r.Country == country && r.Region is null && r.TaxClass == taxClass)?.Rate;

    private static async Task<List<JsonElement>> MethodsAsync(HttpClient admin) =>
        [.. (await Api.GetAsync(admin, "/api/shipping/methods")).EnumerateArray()];

    private static async Task<JsonElement> MethodAsync(HttpClient admin, string name) =>
        (await MethodsAsync(admin)).Single(m => m.GetProperty("name").GetString() == name);
}
