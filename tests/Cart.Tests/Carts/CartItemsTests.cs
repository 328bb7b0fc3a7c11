using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Cart.Tests.Carts;

[Collection(CartCollection.Name)]
public sealed class CartItemsTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddItem_Twice_QuantitiesAddUp()
    {
        var product = await stack.CreateProductAsync(2.50m);
        using var shopper = stack.Shopper(out _);

        await shopper.AddOkAsync(product.Id, 2);
        using var second = await shopper.AddAsync(product.Id, 3);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new LineBody(product.Id, 5), await second.ReadAsync<LineBody>());
        var cart = await shopper.GetCartAsync();
        var item = Assert.Single(cart.Items);
        Assert.Equal((product.Id, product.Name, 2.50m, 5, 12.50m, true), (item.ProductId, item.Name, item.UnitPrice, item.Quantity, item.LineTotal, item.Available));
        Assert.Equal((5, 12.50m, "USD"), (cart.ItemCount, cart.TotalPrice, cart.Currency));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task AddItem_QuantityOutside1To100_Returns400AndAddsNothing(int quantity)
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);

        using var response = await shopper.AddAsync(product.Id, quantity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("quantity", (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task AddItem_MissingFieldsOrMalformedJson_Returns400()
    {
        using var shopper = stack.Shopper(out _);

        using var missing = await shopper.PostAsJsonAsync("/api/cart/items", new { }, Token);
        using var malformed = await shopper.PostAsync("/api/cart/items", new StringContent("{\"quantity\": \"x\"", System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["productId", "quantity"], (await missing.ReadAsync<ProblemBody>()).Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task AddItem_OverHundredInTotal_Returns400AndKeepsTheLine()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 60);

        using var response = await shopper.AddAsync(product.Id, 41);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(60, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
        using var exactlyHundred = await shopper.AddAsync(product.Id, 40);
        Assert.Equal(100, (await exactlyHundred.ReadAsync<LineBody>()).Quantity);
    }

    [Fact]
    public async Task AddItem_UnknownOrArchivedProduct_Returns404()
    {
        var archived = await stack.CreateProductAsync();
        await stack.ArchiveAsync(archived.Id);
        using var shopper = stack.Shopper(out _);

        using var unknown = await shopper.AddAsync(Guid.NewGuid(), 1);
        using var gone = await shopper.AddAsync(archived.Id, 1);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task AddItem_ConcurrentAdds_NeverExceed100()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => shopper.AddAsync(product.Id, 7)));

        Assert.Equal(14, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(98, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
    }

    [Fact]
    public async Task UpdateItem_InCart_SetsQuantity()
    {
        var product = await stack.CreateProductAsync(3m);
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 5);

        using var response = await shopper.PutAsJsonAsync($"/api/cart/items/{product.Id}", new { quantity = 2 }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cart = await shopper.GetCartAsync();
        Assert.Equal((2, 6m), (cart.ItemCount, cart.TotalPrice));
    }

    [Fact]
    public async Task UpdateItem_NotInCart_Returns404()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);

        using var response = await shopper.PutAsJsonAsync($"/api/cart/items/{product.Id}", new { quantity = 2 }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task UpdateItem_QuantityOutside1To100_Returns400AndKeepsQuantity(int quantity)
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 5);

        using var response = await shopper.PutAsJsonAsync($"/api/cart/items/{product.Id}", new { quantity }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(5, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
    }

    [Fact]
    public async Task RemoveItem_RemovesOnlyThatLine()
    {
        var kept = await stack.CreateProductAsync();
        var removed = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(kept.Id, 1);
        await shopper.AddOkAsync(removed.Id, 1);

        using var response = await shopper.DeleteAsync($"/api/cart/items/{removed.Id}", Token);
        using var again = await shopper.DeleteAsync($"/api/cart/items/{removed.Id}", Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(kept.Id, Assert.Single((await shopper.GetCartAsync()).Items).ProductId);
    }

    [Fact]
    public async Task ClearCart_EmptiesIt()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 3);

        using var response = await shopper.DeleteAsync("/api/cart", Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cart = await shopper.GetCartAsync();
        Assert.Equal((0, 0, 0m), (cart.Items.Count, cart.ItemCount, cart.TotalPrice));
    }
}
