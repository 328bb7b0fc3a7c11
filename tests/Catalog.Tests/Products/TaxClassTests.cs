using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>A product's taxClass: standard by default, set on create and update, shown on GET and in the internal lookup.</summary>
public sealed class TaxClassTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_WithoutTaxClass_IsStandard()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id));
        using var anonymous = app.CreateClient();

        var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products/{product.Id}", Token);

        Assert.Equal("standard", read.GetProperty("taxClass").GetString());
    }

    [Fact]
    public async Task CreateAndUpdate_WithTaxClass_KeepItAndLeftOutOnUpdateLeavesIt()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var body = CatalogApp.NewProduct(category.Id);
        body["taxClass"] = "reduced";
        var product = await app.CreateProductAsync(body);
        using var admin = app.Admin();
        using var anonymous = app.CreateClient();

        var created = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products/{product.Id}", Token);
        body["taxClass"] = "zero";
        var toZero = await admin.PutAsJsonAsync($"/api/products/{product.Id}", body, Token);
        body.Remove("taxClass");
        var leftOut = await admin.PutAsJsonAsync($"/api/products/{product.Id}", body, Token);

        Assert.Equal("reduced", created.GetProperty("taxClass").GetString());
        Assert.Equal(HttpStatusCode.OK, toZero.StatusCode);
        Assert.Equal("zero", (await toZero.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("taxClass").GetString());
        Assert.Equal("zero", (await leftOut.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("taxClass").GetString());
        var listed = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products?category={category.Id}", Token);
        Assert.Equal("zero", listed.GetProperty("items")[0].GetProperty("taxClass").GetString());
    }

    [Fact]
    public async Task CreateOrUpdate_UnknownTaxClass_Returns400NamingTheFieldAndChangesNothing()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id));
        using var admin = app.Admin();
        var bad = CatalogApp.NewProduct(category.Id);
        bad["taxClass"] = "luxury";
        var update = CatalogApp.NewProduct(category.Id, sku: product.Sku);
        update["taxClass"] = "exempt";
        update["price"] = 99m;

        var created = await admin.PostAsJsonAsync("/api/products", bad, Token);
        var updated = await admin.PutAsJsonAsync($"/api/products/{product.Id}", update, Token);

        foreach (var response in new[] { created, updated })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("taxClass", (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
        }

        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/products?category={category.Id}", Token);
        Assert.Equal(1, listed.GetProperty("totalCount").GetInt32());
        Assert.Equal(product.Price, listed.GetProperty("items")[0].GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Lookup_AnswersTaxClassAndCategoryId()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var body = CatalogApp.NewProduct(category.Id);
        body["taxClass"] = "zero";
        var product = await app.CreateProductAsync(body);
        using var ordering = app.ClientWith(app.Tokens.ForService("ordering"));

        var response = await ordering.PostAsJsonAsync("/internal/products/lookup", new { ids = new[] { product.Id } }, Token);

        var item = (await response.Content.ReadFromJsonAsync<JsonElement>(Token))[0];
        Assert.Equal("zero", item.GetProperty("taxClass").GetString());
        Assert.Equal(category.Id, item.GetProperty("categoryId").GetGuid());
    }
}
