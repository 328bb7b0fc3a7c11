using System.Net;

namespace Bazaar.Cart.Tests.Checkout;

[Collection(CartCollection.Name)]
public sealed class CheckoutTests(CartStack stack)
{
    private static readonly object Address = new { name = "Ada Lovelace", line1 = "1 Analytical St", city = "London", postalCode = "N1 9GU", country = "GB" };
    private static readonly object Body = new { shippingAddress = Address, paymentMethodId = "pm_card_visa" };

    [Fact]
    public async Task Checkout_OrderingAccepts_ForwardsTokenKeyAndCartThenEmptiesIt()
    {
        var first = await stack.CreateProductAsync();
        var second = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(first.Id, 2);
        await shopper.AddOkAsync(second.Id, 1);

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var order = await response.ReadAsync<CheckoutBody>();
        Assert.Equal("pending", order.Status);
        Assert.Equal($"/api/orders/{order.OrderId}", response.Headers.Location?.ToString());
        var sent = Assert.Single(stack.Ordering.From(token));
        Assert.StartsWith("cart-", sent.IdempotencyKey);
        Assert.Equal(
            [(first.Id, 2), (second.Id, 1)],
            sent.Body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("productId").GetGuid(), i.GetProperty("quantity").GetInt32())).OrderBy(l => l.Item1 == first.Id ? 0 : 1));
        Assert.Equal("London", sent.Body.GetProperty("shippingAddress").GetProperty("city").GetString());
        Assert.Equal("pm_card_visa", sent.Body.GetProperty("paymentMethodId").GetString());
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task Checkout_FirstInstanceOfCatalogAndOrderingDown_IsServedByTheSecondOnce()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(stack.DownInstances.Catalog, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(stack.DownInstances.Ordering, TestContext.Current.CancellationToken));
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);

        for (var i = 0; i < 5; i++)
        {
            await shopper.AddOkAsync(product.Id, 1);
        }

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(stack.Ordering.From(token));
    }

    [Fact]
    public async Task Checkout_SameThingsBoughtAgainLater_SendsANewKey()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);
        using var firstOrder = await shopper.CheckoutAsync(Body);
        await shopper.AddOkAsync(product.Id, 1);

        using var secondOrder = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.Accepted, secondOrder.StatusCode);
        Assert.NotEqual((await firstOrder.ReadAsync<CheckoutBody>()).OrderId, (await secondOrder.ReadAsync<CheckoutBody>()).OrderId);
        Assert.Equal(2, stack.Ordering.From(token).Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task Checkout_ClientKeyRepeated_IsForwardedOnceAndReplayed()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);
        var key = $"client-{Guid.NewGuid():N}";

        using var first = await shopper.CheckoutAsync(Body, key);
        using var replay = await shopper.CheckoutAsync(Body, key);
        using var otherBody = await shopper.CheckoutAsync(new { shippingAddress = Address, paymentMethodId = "pm_card_mastercard" }, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(await first.ReadAsync<CheckoutBody>(), await replay.ReadAsync<CheckoutBody>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal(key, Assert.Single(stack.Ordering.From(token)).IdempotencyKey);
    }

    [Theory]
    [InlineData(OrderingAnswer.Unavailable)]
    [InlineData(OrderingAnswer.Abort)]
    public async Task Checkout_OrderingDown_Returns503AndKeepsCartAndRetryReusesKey(OrderingAnswer down)
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 3);
        stack.Ordering.AnswerFor(token, down);

        using var failed = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(3, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
        stack.Ordering.AnswerFor(token, OrderingAnswer.Created);
        using var retried = await shopper.CheckoutAsync(Body);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Single(stack.Ordering.From(token).Select(r => r.IdempotencyKey).Distinct());
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task Checkout_OrderingRefuses_PassesProblemThroughAndKeepsCart()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 2);
        stack.Ordering.AnswerFor(token, OrderingAnswer.Refused);

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Order refused by Ordering", (await response.ReadAsync<ProblemBody>()).Title);
        Assert.Equal(2, Assert.Single((await shopper.GetCartAsync()).Items).Quantity);
    }

    [Fact]
    public async Task Checkout_OrderingStillRunsAnEarlierAttempt_AsksAgainAndAnswersItsOrder()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 2);
        stack.Ordering.AnswerFor(token, OrderingAnswer.InProgressTwice);

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, stack.Ordering.From(token).Count);
        Assert.Single(stack.Ordering.From(token).Select(r => r.IdempotencyKey).Distinct());
        Assert.Empty((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task Checkout_EmptyCart_Returns400WithoutCallingOrdering()
    {
        using var shopper = stack.Shopper(out var token);

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("items", (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Empty(stack.Ordering.From(token));
    }

    [Fact]
    public async Task Checkout_InvalidAddressOrKey_Returns400AndKeepsCart()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);

        using var noCity = await shopper.CheckoutAsync(new { shippingAddress = new { name = "A", line1 = "B", postalCode = "C", country = "GB" }, paymentMethodId = "pm_card_visa" });
        using var noAddress = await shopper.CheckoutAsync(new { paymentMethodId = "pm_card_visa" });
        using var longKey = await shopper.CheckoutAsync(Body, new string('k', 256));

        Assert.All([noCity, noAddress, longKey], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("shippingAddress.city", (await noCity.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Contains("shippingAddress", (await noAddress.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Contains("Idempotency-Key", (await longKey.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Empty(stack.Ordering.From(token));
        Assert.Single((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task Checkout_ArchivedProductInCart_Returns400WithoutCallingOrdering()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);
        await stack.ArchiveAsync(product.Id);

        using var response = await shopper.CheckoutAsync(Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(product.Id.ToString(), Assert.Single((await response.ReadAsync<ProblemBody>()).Errors!["items"]));
        Assert.Empty(stack.Ordering.From(token));
    }
}
