using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bazaar.Catalog.Tests.Products;

public sealed class GetProductTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<ProductBody> NewProductAsync()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var body = CatalogApp.NewProduct(category.Id, "Kettle", 35m, ["kitchen"], "Boils water.");
        body["images"] = new[] { "https://images.example/kettle.jpg" };
        body["attributes"] = new Dictionary<string, string> { ["color"] = "red" };
        return await app.CreateProductAsync(body);
    }

    [Fact]
    public async Task Get_Anonymous_ReturnsTheProductWithItsCategoryName()
    {
        var product = await NewProductAsync();
        using var client = app.CreateClient();

        var body = await client.GetFromJsonAsync<ProductBody>($"/api/products/{product.Id}", Token);

        Assert.Equal(product.Id, body!.Id);
        Assert.StartsWith("Shelf ", body.CategoryName);
        Assert.Equal(["https://images.example/kettle.jpg"], body.Images);
        Assert.Equal("red", body.Attributes["color"]);
        Assert.Equal(new RatingBody(0, 0), body.Rating);
    }

    [Fact]
    public async Task Get_Unknown_Returns404Problem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/products/{Guid.NewGuid()}", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_WithCurrentETag_Returns304WithoutBody()
    {
        var product = await NewProductAsync();
        using var client = app.CreateClient();
        var first = await client.GetAsync($"/api/products/{product.Id}", Token);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{product.Id}");
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(conditional, Token);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task Get_AfterUpdate_HasNewETagAndOldOneGets200()
    {
        var product = await NewProductAsync();
        using var client = app.CreateClient();
        var before = (await client.GetAsync($"/api/products/{product.Id}", Token)).Headers.ETag!;
        using var admin = app.Admin();
        var put = await admin.PutAsJsonAsync(
            $"/api/products/{product.Id}", new { product.Sku, name = "Kettle 2", product.CategoryId, price = 40m }, Token);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{product.Id}");
        conditional.Headers.IfNoneMatch.Add(before);
        var response = await client.SendAsync(conditional, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
        Assert.Equal(put.Headers.ETag, response.Headers.ETag);
        Assert.Equal("Kettle 2", (await response.ReadAsync<ProductBody>()).Name);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var product = await NewProductAsync();
        using var admin = app.Admin();
        var stale = (await admin.PutAsJsonAsync(
            $"/api/products/{product.Id}", new { product.Sku, name = "First edit", product.CategoryId, price = 1m }, Token)).Headers.ETag;
        await admin.PutAsJsonAsync($"/api/products/{product.Id}", new { product.Sku, name = "Second edit", product.CategoryId, price = 2m }, Token);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{product.Id}")
        {
            Content = JsonContent.Create(new { product.Sku, name = "Lost update", product.CategoryId, price = 3m }),
        };
        request.Headers.IfMatch.Add(stale!);
        var response = await admin.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("Second edit", (await admin.GetFromJsonAsync<ProductBody>($"/api/products/{product.Id}", Token))!.Name);
    }

    [Fact]
    public async Task Get_IfNoneMatchStar_Returns304()
    {
        var product = await NewProductAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{product.Id}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
