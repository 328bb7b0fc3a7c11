using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Catalog.Tests.Products;

public sealed class ProductAccessTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<Guid> CategoryAsync() => (await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}")).Id;

    [Fact]
    public async Task Create_AsCustomer_Returns403()
    {
        using var customer = app.Customer();

        var response = await customer.PostAsJsonAsync("/api/products", CatalogApp.NewProduct(await CategoryAsync()), Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_Anonymous_Returns401Problem()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/products", CatalogApp.NewProduct(await CategoryAsync()), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_AsVendor_Returns201WithLocationAndVendorOwnsIt()
    {
        using var vendor = app.Vendor(out var vendorId);
        var body = CatalogApp.NewProduct(await CategoryAsync(), "Desk Lamp", 24.5m, ["Lighting", "desk"]);
        body["vendorId"] = Guid.NewGuid(); // only an admin may name the owner

        var response = await vendor.PostAsJsonAsync("/api/products", body, Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<ProductBody>();
        Assert.Equal($"/api/products/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(vendorId, created.VendorId);
        Assert.Equal(24.5m, created.Price);
        Assert.Equal("USD", created.Currency);
        Assert.Equal(["lighting", "desk"], created.Tags);
        Assert.Equal("in_stock", created.StockStatus);
    }

    [Fact]
    public async Task Create_DuplicateSku_Returns409()
    {
        var category = await CategoryAsync();
        await app.CreateProductAsync(CatalogApp.NewProduct(category, sku: "DUP-SKU-1"));
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", CatalogApp.NewProduct(category, sku: "dup-sku-1"), Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEach()
    {
        using var admin = app.Admin();
        var body = new { sku = "bad sku!", price = 10.999m, categoryId = Guid.NewGuid(), currency = "dollars", initialStock = -1, images = new[] { "javascript:alert(1)" } };

        var response = await admin.PostAsJsonAsync("/api/products", body, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<ProblemBody>();
        Assert.Equal(
            ["categoryId", "currency", "images", "initialStock", "name", "price", "sku"],
            problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Update_VendorOfAnotherVendorsProduct_Returns403AndChangesNothing()
    {
        using var owner = app.Vendor(out _);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(await CategoryAsync(), "Original"), owner);
        using var other = app.Vendor(out _);

        var put = await other.PutAsJsonAsync($"/api/products/{product.Id}", Edited(product, "Hijacked"), Token);
        var delete = await other.DeleteAsync($"/api/products/{product.Id}", Token);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var current = await app.CreateClient().GetFromJsonAsync<ProductBody>($"/api/products/{product.Id}", Token);
        Assert.Equal("Original", current!.Name);
    }

    [Fact]
    public async Task Update_CustomerOrAnonymous_Returns403Or401()
    {
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(await CategoryAsync()));
        using var customer = app.Customer();
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PutAsJsonAsync($"/api/products/{product.Id}", Edited(product, "x"), Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.DeleteAsync($"/api/products/{product.Id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/products/{product.Id}", Token)).StatusCode);
    }

    [Fact]
    public async Task Update_OwningVendor_ChangesItsProduct()
    {
        using var owner = app.Vendor(out var vendorId);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(await CategoryAsync(), "Old name", 10m), owner);

        var response = await owner.PutAsJsonAsync($"/api/products/{product.Id}", Edited(product, "New name", 12.5m), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadAsync<ProductBody>();
        Assert.Equal("New name", updated.Name);
        Assert.Equal(12.5m, updated.Price);
        Assert.Equal(vendorId, updated.VendorId);
        Assert.True(updated.UpdatedAt > product.UpdatedAt);
    }

    [Fact]
    public async Task Update_Admin_ChangesAnyVendorsProduct()
    {
        using var owner = app.Vendor(out var vendorId);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(await CategoryAsync(), "Vendor's"), owner);
        using var admin = app.Admin();

        var response = await admin.PutAsJsonAsync($"/api/products/{product.Id}", Edited(product, "Fixed by admin"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadAsync<ProductBody>();
        Assert.Equal("Fixed by admin", updated.Name);
        Assert.Equal(vendorId, updated.VendorId);
    }

    [Fact]
    public async Task Update_ToAnotherProductsSku_Returns409()
    {
        var category = await CategoryAsync();
        var first = await app.CreateProductAsync(CatalogApp.NewProduct(category));
        var second = await app.CreateProductAsync(CatalogApp.NewProduct(category));
        using var admin = app.Admin();

        var response = await admin.PutAsJsonAsync($"/api/products/{second.Id}", Edited(second, "x") with { Sku = first.Sku }, Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Delete_OwningVendor_ArchivesIt_404OnGetAndGoneFromList()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var owner = app.Vendor(out _);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id), owner);
        var kept = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id), owner);
        using var anonymous = app.CreateClient();

        var response = await owner.DeleteAsync($"/api/products/{product.Id}", Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/products/{product.Id}", Token)).StatusCode);
        Assert.Equal([kept.Id], (await anonymous.ListAsync($"category={category.Slug}")).Items.Select(p => p.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/products/{product.Id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync($"/api/products/{product.Id}", Edited(product, "back"), Token)).StatusCode);
    }

    [Fact]
    public async Task List_ByVendorId_ShowsOnlyThatVendorsProducts()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out var vendorId);
        using var other = app.Vendor(out _);
        var own = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id), vendor);
        await app.CreateProductAsync(CatalogApp.NewProduct(category.Id), other);
        await app.CreateProductAsync(CatalogApp.NewProduct(category.Id));
        using var anonymous = app.CreateClient();

        var page = await anonymous.ListAsync($"vendorId={vendorId}");

        Assert.Equal([own.Id], page.Items.Select(p => p.Id));
        Assert.Equal(3, (await anonymous.ListAsync($"category={category.Slug}")).TotalCount);
    }

    private static EditBody Edited(ProductBody product, string name, decimal? price = null) =>
        new(product.Sku, name, product.Description, product.CategoryId, price ?? product.Price, product.Currency, product.Tags);

    private sealed record EditBody(string Sku, string Name, string Description, Guid CategoryId, decimal Price, string Currency, List<string> Tags);
}
