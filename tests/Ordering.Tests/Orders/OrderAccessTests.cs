using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>Who sees and changes which order: another user's order does not exist for them.</summary>
public sealed class OrderAccessTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task AnotherUsersOrder_GetOrCancel_Returns404AndChangesNothing()
    {
        using var owner = app.Customer();
        using var stranger = app.Customer();
        var order = await app.PlacedOrderAsync(owner);

        var get = await stranger.GetAsync($"/api/orders/{order.Id}", Token);
        var cancel = await stranger.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, cancel.StatusCode));
        Assert.Equal("pending", (await owner.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task ChangeStatus_AsCustomer_Returns403EvenForTheirOwnOrder()
    {
        using var owner = app.Customer();
        var order = await app.PaidOrderAsync(owner);

        var put = await owner.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "processing" }, Token);
        var patch = await owner.PatchAsJsonAsync($"/api/orders/{order.Id}", new { status = "processing" }, Token);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (put.StatusCode, patch.StatusCode));
        Assert.Equal("paid", (await owner.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task ListOrders_Customer_SeesOnlyTheirOwnNewestFirst()
    {
        using var me = app.Customer(out var myId);
        using var other = app.Customer();
        var first = await app.PlacedOrderAsync(me);
        var second = await app.PlacedOrderAsync(me);
        await app.PlacedOrderAsync(other);

        var mine = (await me.GetFromJsonAsync<PagedBody<OrderBody>>($"/api/orders?userId={Guid.NewGuid()}", Token))!;

        Assert.Equal([second.Id, first.Id], mine.Items.Select(o => o.Id));
        Assert.Equal(2, mine.TotalCount);
        var byUser = (await me.GetFromJsonAsync<PagedBody<OrderBody>>($"/api/orders/user/{myId}?pageSize=1", Token))!;
        Assert.Equal((second.Id, 2, 2), (Assert.Single(byUser.Items).Id, byUser.TotalCount, byUser.TotalPages));
    }

    [Fact]
    public async Task ListUserOrders_AnotherUser_Returns404()
    {
        using var me = app.Customer();
        app.Tokens.ForCustomer(out var someoneElse);

        var response = await me.GetAsync($"/api/orders/user/{someoneElse}", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Admin_SeesAnyOrderAndFiltersByUserAndStatus()
    {
        using var customer = app.Customer(out var userId);
        using var admin = app.Admin();
        var pending = await app.PlacedOrderAsync(customer);
        var paid = await app.PaidOrderAsync(customer);

        var one = await admin.OrderAsync(pending.Id);
        var all = (await admin.GetFromJsonAsync<PagedBody<OrderBody>>($"/api/orders?userId={userId}", Token))!;
        var onlyPaid = (await admin.GetFromJsonAsync<PagedBody<OrderBody>>($"/api/orders?userId={userId}&status=paid", Token))!;
        var theirs = (await admin.GetFromJsonAsync<PagedBody<OrderBody>>($"/api/orders/user/{userId}", Token))!;

        Assert.Equal(pending.Id, one.Id);
        Assert.Equal([paid.Id, pending.Id], all.Items.Select(o => o.Id));
        Assert.Equal(paid.Id, Assert.Single(onlyPaid.Items).Id);
        Assert.Equal(2, theirs.TotalCount);
    }

    [Fact]
    public async Task ListOrders_UnknownStatus_Returns400()
    {
        using var me = app.Customer();

        var response = await me.GetAsync("/api/orders?status=lost", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
