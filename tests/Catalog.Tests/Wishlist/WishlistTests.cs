using System.Net;
using System.Net.Http.Json;
using Bazaar.Catalog.Tests.Products;
using Bazaar.Catalog.Wishlist;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Tests.Wishlist;

public sealed record WishlistItemBody(Guid ProductId, string Name, decimal Price, string Currency, string? Image, string StockStatus, bool Archived, DateTimeOffset AddedAt);

public sealed record WishlistBody(List<WishlistItemBody> Items, int TotalCount, int MaxItems);

/// <summary>GET /api/wishlist, PUT and DELETE /api/wishlist/items/{productId}: a signed-in person's own list.</summary>
public sealed class WishlistTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<ProductBody> ProductAsync(decimal price = 10m, int stock = 5)
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var body = CatalogApp.NewProduct(shelf.Id, price: price, initialStock: stock);
        body["images"] = new[] { "https://img.bazaar.test/a.jpg", "https://img.bazaar.test/b.jpg" };
        return await app.CreateProductAsync(body);
    }

    private static async Task<WishlistBody> WishlistAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<WishlistBody>("/api/wishlist", Token))!;

    [Theory]
    [InlineData("GET", "/api/wishlist")]
    [InlineData("PUT", "/api/wishlist/items/0195f3a0-0000-7000-8000-000000000001")]
    [InlineData("DELETE", "/api/wishlist/items/0195f3a0-0000-7000-8000-000000000001")]
    public async Task Wishlist_Anonymous_Is401Problem(string method, string path)
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_Twice_KeepsOneItemWithCurrentNamePriceImageAndStock()
    {
        var product = await ProductAsync(price: 12.5m, stock: 0);
        using var customer = app.Customer();

        var first = await customer.PutAsync($"/api/wishlist/items/{product.Id}", null, Token);
        var second = await customer.PutAsync($"/api/wishlist/items/{product.Id}", null, Token);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        var item = Assert.Single((await WishlistAsync(customer)).Items);
        Assert.Equal((product.Id, product.Name, 12.5m, "USD", "https://img.bazaar.test/a.jpg", "out_of_stock", false),
            (item.ProductId, item.Name, item.Price, item.Currency, item.Image, item.StockStatus, item.Archived));
    }

    [Fact]
    public async Task Get_ShowsCurrentPriceAfterAnEdit()
    {
        var product = await ProductAsync(price: 10m);
        using var customer = app.Customer();
        await customer.PutAsync($"/api/wishlist/items/{product.Id}", null, Token);

        using var admin = app.Admin();
        var update = await admin.PutAsJsonAsync($"/api/products/{product.Id}", CatalogApp.NewProduct(product.CategoryId, product.Name, 7.25m, sku: product.Sku), Token);
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync(Token));

        Assert.Equal(7.25m, Assert.Single((await WishlistAsync(customer)).Items).Price);
    }

    [Fact]
    public async Task Delete_PresentAndAbsent_Both204()
    {
        var product = await ProductAsync();
        using var customer = app.Customer();
        await customer.PutAsync($"/api/wishlist/items/{product.Id}", null, Token);

        var removed = await customer.DeleteAsync($"/api/wishlist/items/{product.Id}", Token);
        var again = await customer.DeleteAsync($"/api/wishlist/items/{product.Id}", Token);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Empty((await WishlistAsync(customer)).Items);
    }

    [Fact]
    public async Task Put_UnknownOrArchivedProduct_Is404Problem()
    {
        var archived = await ProductAsync();
        using var admin = app.Admin();
        (await admin.DeleteAsync($"/api/products/{archived.Id}", Token)).EnsureSuccessStatusCode();
        using var customer = app.Customer();

        foreach (var id in new[] { Guid.NewGuid(), archived.Id })
        {
            var response = await customer.PutAsync($"/api/wishlist/items/{id}", null, Token);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty((await WishlistAsync(customer)).Items);
    }

    [Fact]
    public async Task Wishlists_OfTwoUsers_NeverSeeOrChangeEachOther()
    {
        var (mine, theirs) = (await ProductAsync(), await ProductAsync());
        using var me = app.Customer();
        using var them = app.Customer();
        await me.PutAsync($"/api/wishlist/items/{mine.Id}", null, Token);
        await them.PutAsync($"/api/wishlist/items/{theirs.Id}", null, Token);

        await me.DeleteAsync($"/api/wishlist/items/{theirs.Id}", Token);

        Assert.Equal([mine.Id], (await WishlistAsync(me)).Items.Select(i => i.ProductId));
        Assert.Equal([theirs.Id], (await WishlistAsync(them)).Items.Select(i => i.ProductId));
    }

    [Fact]
    public async Task Put_TheTwoHundredAndFirst_Is409AndAddsNothing()
    {
        var (customer, ids) = await WishlistWithAsync(onList: WishlistItem.MaxItems, notOnList: 1);
        using var _ = customer;

        var full = await customer.PutAsync($"/api/wishlist/items/{ids[0]}", null, Token);
        var already = await customer.PutAsync($"/api/wishlist/items/{ids[^1]}", null, Token);

        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, already.StatusCode);
        Assert.Equal(WishlistItem.MaxItems, (await WishlistAsync(customer)).TotalCount);
    }

    [Fact]
    public async Task Put_TwoConcurrentForTheLastPlace_OneIsAddedTheOtherIs409()
    {
        var (customer, ids) = await WishlistWithAsync(onList: WishlistItem.MaxItems - 1, notOnList: 2);
        using var _ = customer;

        var responses = await Task.WhenAll(
            customer.PutAsync($"/api/wishlist/items/{ids[0]}", null, Token),
            customer.PutAsync($"/api/wishlist/items/{ids[1]}", null, Token));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(WishlistItem.MaxItems, (await WishlistAsync(customer)).TotalCount);
    }

    /// <summary>A customer whose wishlist holds <paramref name="onList"/> new products, and the ids of those products after <paramref name="notOnList"/> others.</summary>
    private async Task<(HttpClient Customer, List<Guid> Ids)> WishlistWithAsync(int onList, int notOnList)
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var prefix = $"WL{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var count = onList + notOnList;
        var rows = Enumerable.Range(0, count).Select(i => $"{prefix}-{i:000},Wish {i},{shelf.Slug},1");
        using var admin = app.Admin();
        await CsvImportTests.ImportAsync(admin, "sku,name,category,price\n" + string.Join('\n', rows) + "\n");
        var ids = await app.WithDbAsync(db => db.Products.Where(p => p.Sku.StartsWith(prefix)).OrderBy(p => p.Sku).Select(p => p.Id).ToListAsync(Token));
        Assert.Equal(count, ids.Count);
        var customer = app.Customer(out var userId);
        await app.WithDbAsync(async db =>
        {
            db.WishlistItems.AddRange(ids.Skip(notOnList).Select(id => new WishlistItem { UserId = userId, ProductId = id, AddedAt = DateTimeOffset.UtcNow }));
            return await db.SaveChangesAsync(Token);
        });
        return (customer, ids);
    }
}
