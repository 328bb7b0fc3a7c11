using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Catalog.Tests.Categories;

public sealed class CategoryTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<List<CategoryBody>> ListAsync() =>
        (await app.CreateClient().GetFromJsonAsync<List<CategoryBody>>("/api/categories", Token))!;

    [Fact]
    public async Task Create_AsAdmin_Returns201WithSlugAndLocation()
    {
        using var admin = app.Admin();
        var name = Unique("Home & Kitchen");

        var response = await admin.PostAsJsonAsync("/api/categories", new { name }, Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<CategoryBody>();
        Assert.Equal($"/api/categories/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(name.ToLowerInvariant().Replace(" & ", "-").Replace(' ', '-'), created.Slug);
        Assert.Null(created.ParentId);
        Assert.Contains(await ListAsync(), c => c.Id == created.Id);
    }

    [Fact]
    public async Task Create_AsVendorOrCustomer_Returns403_Anonymous401()
    {
        using var vendor = app.Vendor(out _);
        using var customer = app.Customer();
        using var anonymous = app.CreateClient();
        var body = new { name = Unique("Nope") };

        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.PostAsJsonAsync("/api/categories", body, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/categories", body, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/categories", body, Token)).StatusCode);
    }

    [Fact]
    public async Task Create_DuplicateSlug_Returns409_InvalidInput400()
    {
        using var admin = app.Admin();
        var slug = $"dup-{Guid.NewGuid():N}";
        (await admin.PostAsJsonAsync("/api/categories", new { name = "One", slug }, Token)).EnsureSuccessStatusCode();

        var duplicate = await admin.PostAsJsonAsync("/api/categories", new { name = "Two", slug }, Token);
        var invalid = await admin.PostAsJsonAsync("/api/categories", new { name = "", slug = "Not A Slug", parentId = Guid.NewGuid() }, Token);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["name", "parentId", "slug"], (await invalid.ReadAsync<ProblemBody>()).Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_ProductCount_IncludesSubCategories()
    {
        var parent = await app.CreateCategoryAsync(Unique("Sports"));
        var child = await app.CreateCategoryAsync(Unique("Cycling"), parent.Id);
        await app.CreateProductAsync(CatalogApp.NewProduct(parent.Id));
        await app.CreateProductAsync(CatalogApp.NewProduct(child.Id));
        await app.CreateProductAsync(CatalogApp.NewProduct(child.Id));

        var categories = await ListAsync();

        Assert.Equal(3, categories.Single(c => c.Id == parent.Id).ProductCount);
        Assert.Equal(2, categories.Single(c => c.Id == child.Id).ProductCount);
        Assert.Equal(parent.Id, categories.Single(c => c.Id == child.Id).ParentId);
    }

    [Fact]
    public async Task Update_RenamesAndMoves_ButNotUnderItsOwnChild()
    {
        var parent = await app.CreateCategoryAsync(Unique("Outdoor"));
        var child = await app.CreateCategoryAsync(Unique("Tents"), parent.Id);
        var other = await app.CreateCategoryAsync(Unique("Garden"));
        using var admin = app.Admin();

        var moved = await admin.PutAsJsonAsync($"/api/categories/{child.Id}", new { name = "Big Tents", slug = child.Slug, parentId = other.Id }, Token);
        var cycle = await admin.PutAsJsonAsync($"/api/categories/{other.Id}", new { name = other.Name, parentId = child.Id }, Token);
        var unknown = await admin.PutAsJsonAsync($"/api/categories/{Guid.NewGuid()}", new { name = "X" }, Token);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(new CategoryBody(child.Id, "Big Tents", child.Slug, other.Id, 0), await moved.ReadAsync<CategoryBody>());
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Delete_WithProducts_Returns409_AfterArchiving204AndGone()
    {
        var category = await app.CreateCategoryAsync(Unique("Seasonal"));
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id));
        using var admin = app.Admin();

        var refused = await admin.DeleteAsync($"/api/categories/{category.Id}", Token);
        (await admin.DeleteAsync($"/api/products/{product.Id}", Token)).EnsureSuccessStatusCode();
        var deleted = await admin.DeleteAsync($"/api/categories/{category.Id}", Token);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(await ListAsync(), c => c.Id == category.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/categories/{category.Id}", Token)).StatusCode);
    }

    [Fact]
    public async Task Delete_WithSubCategories_Returns409()
    {
        var parent = await app.CreateCategoryAsync(Unique("Parent"));
        await app.CreateCategoryAsync(Unique("Child"), parent.Id);
        using var admin = app.Admin();

        var response = await admin.DeleteAsync($"/api/categories/{parent.Id}", Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Delete_AsVendor_Returns403()
    {
        var category = await app.CreateCategoryAsync(Unique("Kept"));
        using var vendor = app.Vendor(out _);

        var response = await vendor.DeleteAsync($"/api/categories/{category.Id}", Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
