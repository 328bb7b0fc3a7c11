using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Catalog.Tests.Internal;

public sealed class LookupTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lookup_WithServiceToken_ReturnsKnownProductsWithArchivedFlag()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var live = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Live", 12.34m));
        var archived = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Archived", 5m, initialStock: 0));
        using var admin = app.Admin();
        (await admin.DeleteAsync($"/api/products/{archived.Id}", Token)).EnsureSuccessStatusCode();
        using var ordering = app.ClientWith(app.Tokens.ForService("ordering"));

        var response = await ordering.PostAsJsonAsync("/internal/products/lookup", new { ids = new[] { live.Id, archived.Id, Guid.NewGuid() } }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadAsync<List<LookupItemBody>>()).OrderBy(i => i.Name).ToList();
        Assert.Equal(
            [
                new LookupItemBody(archived.Id, archived.Sku, "Archived", 5m, "USD", "out_of_stock", true),
                new LookupItemBody(live.Id, live.Sku, "Live", 12.34m, "USD", "in_stock", false),
            ],
            items);
    }

    [Fact]
    public async Task Lookup_AsCustomerOrVendor_Returns403()
    {
        using var customer = app.Customer();
        using var vendor = app.Vendor(out _);
        var body = new { ids = new[] { Guid.NewGuid() } };

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/internal/products/lookup", body, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.PostAsJsonAsync("/internal/products/lookup", body, Token)).StatusCode);
    }

    [Fact]
    public async Task Lookup_Anonymous_Returns401()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/internal/products/lookup", new { ids = new[] { Guid.NewGuid() } }, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_AsAdmin_IsAllowed()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/internal/products/lookup", new { ids = Array.Empty<Guid>() }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.ReadAsync<List<LookupItemBody>>());
    }

    [Fact]
    public async Task Lookup_TooManyIds_Returns400()
    {
        using var service = app.ClientWith(app.Tokens.ForService("cart"));
        var ids = Enumerable.Range(0, 201).Select(_ => Guid.NewGuid()).ToArray();

        var response = await service.PostAsJsonAsync("/internal/products/lookup", new { ids }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
