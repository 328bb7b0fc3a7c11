using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Cart.Tests.Carts;

[Collection(CartCollection.Name)]
public sealed class GetCartTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCart_AfterAdminChangesPrice_ShowsCurrentCatalogPrice()
    {
        var product = await stack.CreateProductAsync(10m);
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 3);

        await stack.SetPriceAsync(product, 7.25m);

        var cart = await shopper.GetCartAsync();
        var item = Assert.Single(cart.Items);
        Assert.Equal((7.25m, 21.75m), (item.UnitPrice, item.LineTotal));
        Assert.Equal(21.75m, cart.TotalPrice);
    }

    [Fact]
    public async Task GetCart_ManyLines_MakesOneBatchedCatalogLookup()
    {
        var products = new[] { await stack.CreateProductAsync(1m), await stack.CreateProductAsync(2m), await stack.CreateProductAsync(3m) };
        using var shopper = stack.Shopper(out _);
        foreach (var product in products)
        {
            await shopper.AddOkAsync(product.Id, 1);
        }

        var before = stack.Lookups.Count;
        var cart = await shopper.GetCartAsync();

        // Tests of this collection run one at a time, so every lookup since "before" is this GET's.
        var lookup = Assert.Single(stack.Lookups.Skip(before));
        Assert.Equal(products.Select(p => p.Id).Order(), lookup.Order());
        Assert.Equal((3, 6m), (cart.ItemCount, cart.TotalPrice));
    }

    [Fact]
    public async Task GetCart_Empty_AsksCatalogNothing()
    {
        using var shopper = stack.Shopper(out _);
        var before = stack.Lookups.Count;

        var cart = await shopper.GetCartAsync();

        Assert.Equal(before, stack.Lookups.Count);
        Assert.Equal((0, 0, 0m, "USD"), (cart.Items.Count, cart.ItemCount, cart.TotalPrice, cart.Currency));
    }

    [Fact]
    public async Task GetCart_ArchivedProduct_IsShownUnavailableAndNotCharged()
    {
        var kept = await stack.CreateProductAsync(4m);
        var archived = await stack.CreateProductAsync(9m);
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(kept.Id, 1);
        await shopper.AddOkAsync(archived.Id, 2);

        await stack.ArchiveAsync(archived.Id);

        var cart = await shopper.GetCartAsync();
        var gone = Assert.Single(cart.Items, i => i.ProductId == archived.Id);
        Assert.Equal((archived.Name, false, "archived", 2, 0m), (gone.Name, gone.Available, gone.UnavailableReason, gone.Quantity, gone.LineTotal));
        Assert.Equal((1, 4m), (cart.ItemCount, cart.TotalPrice));
    }

    [Fact]
    public async Task Carts_OfTwoUsers_AreSeparate()
    {
        var product = await stack.CreateProductAsync();
        using var alice = stack.Shopper(out _);
        using var bob = stack.Shopper(out _);
        await alice.AddOkAsync(product.Id, 4);

        using var bobUpdates = await bob.PutAsJsonAsync($"/api/cart/items/{product.Id}", new { quantity = 1 }, Token);
        using var bobRemoves = await bob.DeleteAsync($"/api/cart/items/{product.Id}", Token);
        using var bobClears = await bob.DeleteAsync("/api/cart", Token);

        Assert.Empty((await bob.GetCartAsync()).Items);
        Assert.Equal(HttpStatusCode.NotFound, bobUpdates.StatusCode);
        Assert.Equal(4, Assert.Single((await alice.GetCartAsync()).Items).Quantity);
    }
}
