using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Ordering.Tests.Pricing;
using Microsoft.EntityFrameworkCore;
using static Bazaar.Ordering.Tests.SagaSteps;

namespace Bazaar.Ordering.Tests.Returns;

/// <summary>POST /api/orders/{id}/returns and GET /api/returns: the window, the quantities, who may see what.</summary>
public sealed class ReturnRouteTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task Request_DeliveredOrder_Returns201RequestedAndTheOwnerAndAdminSeeIt()
    {
        using var customer = app.Customer(out var userId);
        using var admin = app.Admin();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        var product = order.Items[0].ProductId;

        var response = await customer.RequestReturnAsync(order.Id, (product, 1));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<ReturnBody>();
        Assert.Equal($"/api/returns/{created.Id}", response.Headers.Location?.ToString());
        Assert.Equal((order.Id, userId, "requested", (decimal?)null), (created.OrderId, created.UserId, created.Status, created.RefundAmount));
        Assert.Equal([new ReturnItemBody(product, null, 1, "Too small", null)], created.Items);
        Assert.Equivalent(created, await customer.GetFromJsonAsync<ReturnBody>($"/api/returns/{created.Id}", Token), strict: true);
        Assert.Equivalent(created, await admin.GetFromJsonAsync<ReturnBody>($"/api/returns/{created.Id}", Token), strict: true);
        var mine = (await customer.GetFromJsonAsync<PagedBody<ReturnBody>>("/api/returns?status=requested", Token))!;
        Assert.Equal((1, created.Id), (mine.TotalCount, Assert.Single(mine.Items).Id));
        var queue = (await admin.GetFromJsonAsync<PagedBody<ReturnBody>>("/api/returns?status=requested&pageSize=100", Token))!;
        Assert.Contains(queue.Items, r => r.Id == created.Id);
        Assert.Equal("delivered", (await customer.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task Request_MoreThanBoughtLessReturned_Returns409AndARejectedReturnCountsNoMore()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        var product = order.Items[0].ProductId;

        var tooMany = await customer.RequestReturnAsync(order.Id, (product, 3));
        var first = await customer.ReturnAsync(order.Id, (product, 2));
        var nothingLeft = await customer.RequestReturnAsync(order.Id, (product, 1));
        (await admin.DecideAsync(first.Id, "rejected")).EnsureSuccessStatusCode();
        var again = await customer.RequestReturnAsync(order.Id, (product, 2));
        var notBought = await customer.RequestReturnAsync(order.Id, (Guid.NewGuid(), 1));

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Created, HttpStatusCode.Conflict],
            new[] { tooMany.StatusCode, nothingLeft.StatusCode, again.StatusCode, notBought.StatusCode });
    }

    [Fact]
    public async Task Request_NotDeliveredOrPastTheWindow_Returns409()
    {
        using var customer = app.Customer();
        var paid = await app.PaidOrderAsync(customer);
        var notDelivered = await customer.RequestReturnAsync(paid.Id, (paid.Items[0].ProductId, 1));
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE order_status_history SET at = at - interval '30 days 1 minute' WHERE order_id = {order.Id} AND status = 'delivered'", Token));

        var late = await customer.RequestReturnAsync(order.Id, (order.Items[0].ProductId, 1));

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (notDelivered.StatusCode, late.StatusCode));
        Assert.Equal("Return window closed", (await late.ReadAsync<ProblemBody>()).Title);
        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<ReturnBody>>("/api/returns", Token))!.TotalCount);
    }

    [Fact]
    public async Task Request_BadInput_Returns400PerFieldAndChangesNothing()
    {
        using var customer = app.Customer();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        var product = order.Items[0].ProductId;
        var url = $"/api/orders/{order.Id}/returns";

        await (await customer.PostAsJsonAsync(url, new { items = Array.Empty<object>() }, Token)).ErrorsAsync("items");
        var bad = await customer.PostAsJsonAsync(url, new { items = new object[] { new { quantity = 0, reason = " " }, new { productId = product, variantId = Guid.Empty, quantity = 101, reason = new string('x', 501) } } }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
            ["items[0].productId", "items[0].quantity", "items[0].reason", "items[1].quantity", "items[1].reason", "items[1].variantId"],
            (await bad.ReadAsync<ProblemBody>()).Errors!.Keys.Order());
        await (await customer.PostAsJsonAsync(url, new { items = new[] { new { productId = product, quantity = 1, reason = "a" }, new { productId = product, quantity = 1, reason = "b" } } }, Token)).ErrorsAsync("items");
        await (await customer.GetAsync("/api/returns?status=lost&page=0", Token)).ErrorsAsync("status");

        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<ReturnBody>>("/api/returns", Token))!.TotalCount);
    }

    [Fact]
    public async Task Routes_WhoMayDoWhat_401And403And404()
    {
        using var owner = app.Customer();
        using var stranger = app.Customer();
        using var anonymous = app.CreateClient();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(owner));
        var created = await owner.ReturnAsync(order.Id, (order.Items[0].ProductId, 1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.RequestReturnAsync(order.Id, (order.Items[0].ProductId, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/returns", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.RequestReturnAsync(order.Id, (order.Items[0].ProductId, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.RequestReturnAsync(Guid.NewGuid(), (order.Items[0].ProductId, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/returns/{created.Id}", Token)).StatusCode);
        Assert.Equal(0, (await stranger.GetFromJsonAsync<PagedBody<ReturnBody>>("/api/returns", Token))!.TotalCount);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.DecideAsync(created.Id, "approved")).StatusCode);
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DecideAsync(Guid.NewGuid(), "approved")).StatusCode);
        Assert.Equal("requested", (await owner.GetFromJsonAsync<ReturnBody>($"/api/returns/{created.Id}", Token))!.Status);
    }

    [Fact]
    public async Task Request_TwoAtOnceForTheLastUnits_OnlyOneIsTaken()
    {
        using var customer = app.Customer();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => customer.RequestReturnAsync(order.Id, (order.Items[0].ProductId, 2))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Empty(await app.EventsAsync<ReturnReceived>(e => e.OrderId == order.Id));
    }
}
