using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>Idempotency-Key on POST /api/orders, as Cart's checkout retries it.</summary>
public sealed class IdempotencyTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task PlaceOrder_SameKeyAndBodyAgain_ReplaysTheFirstResponseAndOrdersOnce()
    {
        var product = await app.ProductAsync(8m);
        using var customer = app.Customer(out var userId);
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(customer, key, OrderRequests.Body((product, 2)));
        var second = await PostAsync(customer, key, OrderRequests.Body((product, 2)));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(Token), await second.Content.ReadAsStringAsync(Token));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.UserId == userId, Token)));
        Assert.Single(await app.EventsAsync<OrderPlaced>(e => e.UserId == userId));
    }

    [Fact]
    public async Task PlaceOrder_SameKeyWithAnotherBody_Returns422AndOrdersNothingMore()
    {
        var product = await app.ProductAsync(8m);
        using var customer = app.Customer(out var userId);
        var key = Guid.NewGuid().ToString();
        (await PostAsync(customer, key, OrderRequests.Body((product, 1)))).EnsureSuccessStatusCode();

        var other = await PostAsync(customer, key, OrderRequests.Body((product, 5)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.UserId == userId, Token)));
    }

    [Fact]
    public async Task PlaceOrder_SameKeyFromAnotherUser_IsAnotherRequest()
    {
        var product = await app.ProductAsync(8m);
        using var one = app.Customer();
        using var another = app.Customer();
        var key = Guid.NewGuid().ToString();

        var first = await (await PostAsync(one, key, OrderRequests.Body((product, 1)))).ReadAsync<OrderBody>();
        var second = await (await PostAsync(another, key, OrderRequests.Body((product, 1)))).ReadAsync<OrderBody>();

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task PlaceOrder_InvalidBodyWithKey_Returns400AndLeavesTheKeyUsable()
    {
        var product = await app.ProductAsync(8m);
        using var customer = app.Customer();
        var key = Guid.NewGuid().ToString();

        var invalid = await PostAsync(customer, key, new { items = Array.Empty<object>(), shippingAddress = OrderRequests.Address });
        var valid = await PostAsync(customer, key, OrderRequests.Body((product, 1)));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Created), (invalid.StatusCode, valid.StatusCode));
    }

    [Fact]
    public async Task PlaceOrder_KeyLongerThan255_Returns400()
    {
        var product = await app.ProductAsync(8m);
        using var customer = app.Customer(out var userId);

        var response = await PostAsync(customer, new string('k', 256), OrderRequests.Body((product, 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.UserId == userId, Token)));
    }

    [Theory]
    [InlineData(0, HttpStatusCode.Conflict)]
    [InlineData(3, HttpStatusCode.Created)]
    public async Task PlaceOrder_KeyOfARequestStillRunning_Returns409UntilItsLeaseRunsOut(int startedMinutesAgo, HttpStatusCode expected)
    {
        var product = await app.ProductAsync(8m);
        using var customer = app.Customer(out var userId);
        var key = Guid.NewGuid().ToString();
        var asBound = new PlaceOrder.Request(
            [new PlaceOrder.Line(product, 1)], new PlaceOrder.Address("Ada Lovelace", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa");
        await app.WithDbAsync(db =>
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                UserId = userId,
                Key = key,
                RequestHash = IdempotencyKey.Hash("orders", [], asBound),
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-startedMinutesAgo),
            });
            return db.SaveChangesAsync(Token);
        });

        var response = await PostAsync(customer, key, OrderRequests.Body((product, 1)));

        Assert.Equal(expected, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, Token);
    }
}
