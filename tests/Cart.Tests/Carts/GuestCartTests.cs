using System.Net;
using System.Net.Http.Json;
using StackExchange.Redis;

namespace Bazaar.Cart.Tests.Carts;

/// <summary>A first-time visitor's cart: started by adding an item, opened by its Cart-Token, merged on signing in.</summary>
[Collection(CartCollection.Name)]
public sealed class GuestCartTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed record AddedBody(Guid ProductId, int Quantity, string? CartToken);

    private HttpClient Guest(string? cartToken)
    {
        var client = stack.Client(token: null);
        if (cartToken is not null)
        {
            client.DefaultRequestHeaders.Add("Cart-Token", cartToken);
        }

        return client;
    }

    private async Task<string> StartGuestCartAsync(Guid productId, int quantity)
    {
        using var anonymous = Guest(null);
        using var response = await anonymous.PostAsJsonAsync("/api/cart/items", new { productId, quantity }, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadAsync<AddedBody>();
        Assert.NotNull(body.CartToken);
        Assert.Equal(body.CartToken, Assert.Single(response.Headers.GetValues("Cart-Token")));
        return body.CartToken;
    }

    [Fact]
    public async Task Visitor_AddsWithoutSigningIn_GetsACartTokenThatOpensOnlyTheirCart()
    {
        var lamp = await stack.CreateProductAsync(12.50m);
        var rug = await stack.CreateProductAsync(40m);
        var token = await StartGuestCartAsync(lamp.Id, 2);
        var otherToken = await StartGuestCartAsync(rug.Id, 1);

        using var guest = Guest(token);
        await guest.AddOkAsync(rug.Id, 1);
        using (var changed = await guest.PutAsJsonAsync($"/api/cart/items/{lamp.Id}", new { quantity = 3 }, Token))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        var cart = await guest.GetCartAsync();
        Assert.Equal([(lamp.Id, 3), (rug.Id, 1)], cart.Items.Select(i => (i.ProductId, i.Quantity)).OrderBy(l => l.Item1 == lamp.Id ? 0 : 1));
        Assert.Equal(77.50m, cart.TotalPrice);
        using var other = Guest(otherToken);
        Assert.Equal([(rug.Id, 1)], (await other.GetCartAsync()).Items.Select(i => (i.ProductId, i.Quantity)));
        Assert.NotEqual(token, otherToken);
    }

    [Fact]
    public async Task GuestAdd_ThatIsRefused_IssuesNoToken()
    {
        using var anonymous = Guest(null);

        using var response = await anonymous.PostAsJsonAsync("/api/cart/items", new { productId = Guid.NewGuid(), quantity = 1 }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("Cart-Token"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task CartToken_NeverIssuedOrMalformed_Is401(string method)
    {
        var product = await stack.CreateProductAsync();
        var madeUp = Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var token in new[] { madeUp, "not-a-token" })
        {
            using var guest = Guest(token);
            using var request = new HttpRequestMessage(new HttpMethod(method), method == "GET" ? "/api/cart" : "/api/cart/items")
            {
                Content = method == "POST" ? JsonContent.Create(new { productId = product.Id, quantity = 1 }) : null,
            };

            using var response = await guest.SendAsync(request, Token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("Cart-Token"));
        }
    }

    [Fact]
    public async Task BadBearerToken_WithACartToken_Is401NotTheGuestCart()
    {
        var product = await stack.CreateProductAsync();
        var token = await StartGuestCartAsync(product.Id, 1);
        using var client = stack.Client("not.a.jwt");
        client.DefaultRequestHeaders.Add("Cart-Token", token);

        using var response = await client.GetAsync("/api/cart", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ServiceToken_AddingAnItem_Is403()
    {
        var product = await stack.CreateProductAsync();
        using var service = stack.Client(stack.Tokens.ForService("ordering"));

        using var response = await service.PostAsJsonAsync("/api/cart/items", new { productId = product.Id, quantity = 1 }, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Redis_KeepsTheCartUnderTheTokensHash_NeverTheToken()
    {
        var product = await stack.CreateProductAsync();
        var token = await StartGuestCartAsync(product.Id, 1);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.RedisConnectionString);

        var keys = redis.GetServers().Single().Keys(pattern: "cart:*").Select(k => k.ToString()).ToList();

        Assert.DoesNotContain(keys, k => k.Contains(token, StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains(Bazaar.Cart.Carts.GuestCartToken.Hash(token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningIn_MergesTheGuestCart_QuantitiesAddUpCappedAt100_TheTokenEnds()
    {
        var lamp = await stack.CreateProductAsync(10m);
        var rug = await stack.CreateProductAsync(30m);
        var vase = await stack.CreateProductAsync(5m);
        var token = await StartGuestCartAsync(lamp.Id, 3);
        using (var guest = Guest(token))
        {
            await guest.AddOkAsync(rug.Id, 1);
            await guest.AddOkAsync(vase.Id, 60);
        }

        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(lamp.Id, 2);
        await shopper.AddOkAsync(vase.Id, 70);

        using var merged = await shopper.PostAsJsonAsync("/api/cart/merge", new { cartToken = token }, Token);

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var cart = await merged.ReadAsync<CartBody>();
        Assert.Equal(
            new Dictionary<Guid, int> { [lamp.Id] = 5, [rug.Id] = 1, [vase.Id] = 100 },
            cart.Items.ToDictionary(i => i.ProductId, i => i.Quantity));
        using var afterwards = Guest(token);
        using var refused = await afterwards.GetAsync("/api/cart", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var again = await shopper.PostAsJsonAsync("/api/cart/merge", new { cartToken = token }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("cartToken", (await again.ReadAsync<ProblemBody>()).Errors!.Keys);
    }

    [Fact]
    public async Task Merge_TwiceAtOnce_AddsTheGuestLinesOnce()
    {
        var lamp = await stack.CreateProductAsync(10m);
        for (var round = 0; round < 5; round++)
        {
            var token = await StartGuestCartAsync(lamp.Id, 4);
            using var shopper = stack.Shopper(out _);

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var response = await shopper.PostAsJsonAsync("/api/cart/merge", new { cartToken = token }, Token);
                return response.StatusCode;
            }));

            Assert.Contains(HttpStatusCode.OK, answers);
            Assert.All(answers, a => Assert.True(a is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answered {a}"));
            Assert.Equal(4, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
        }
    }

    [Fact]
    public async Task Merge_WithoutBearer_Is401_AndBadTokenIs400()
    {
        var product = await stack.CreateProductAsync();
        var token = await StartGuestCartAsync(product.Id, 1);
        using (var guest = Guest(token))
        using (var response = await guest.PostAsJsonAsync("/api/cart/merge", new { cartToken = token }, Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var shopper = stack.Shopper(out _);
        using var bad = await shopper.PostAsJsonAsync("/api/cart/merge", new { cartToken = "nope" }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task InternalGuestCart_ForOrderingsQuote_AnswersLinesAndTheCartsId_OnlyToAService()
    {
        var product = await stack.CreateProductAsync();
        var token = await StartGuestCartAsync(product.Id, 3);
        HttpRequestMessage Ask(string cartToken) => new(HttpMethod.Get, "/internal/carts/guest") { Headers = { { "Cart-Token", cartToken } } };
        using var service = stack.Client(stack.Tokens.ForService("ordering"));
        using var shopper = stack.Shopper(out _);

        using var known = await service.SendAsync(Ask(token), Token);
        using var unknown = await service.SendAsync(Ask(Bazaar.Cart.Carts.GuestCartToken.New()), Token);
        using var notAService = await shopper.SendAsync(Ask(token), Token);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var body = await known.ReadJsonAsync();
        Assert.Equal("g-" + Bazaar.Cart.Carts.GuestCartToken.Hash(token), body.GetProperty("guestCart").GetString());
        var line = Assert.Single(body.GetProperty("lines").EnumerateArray());
        Assert.Equal((product.Id, 3), (line.GetProperty("productId").GetGuid(), line.GetProperty("quantity").GetInt32()));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Forbidden), (unknown.StatusCode, notAService.StatusCode));
    }
}
