using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>An admin's moves of an order's status and admin cancels are audited; a refused move and a shopper's own cancel are not.</summary>
public sealed class OrderAuditTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    private Task<List<AuditRecorded>> AuditOfAsync(Guid orderId) => app.EventsAsync<AuditRecorded>(a => a.EntityId == orderId.ToString());

    [Fact]
    public async Task StatusMoves_ByAdmin_AuditedFromAndTo_ARefusedMoveIsNot()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out var adminId));
        var order = await app.PaidOrderAsync(app.Customer());

        var processing = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "processing" }, Token);
        var shipped = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "shipped", trackingNumber = "1Z999", carrier = "ups" }, Token);
        var backwards = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "processing" }, Token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict), (processing.StatusCode, shipped.StatusCode, backwards.StatusCode));
        var audit = await AuditOfAsync(order.Id);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("order", "status_changed", adminId), (a.Entity, a.Action, a.ActorId)));
        Assert.Equal(("paid", "processing"), (audit[0].Before!.Value.GetProperty("status").GetString(), audit[0].After!.Value.GetProperty("status").GetString()));
        Assert.Equal(("processing", "shipped", "1Z999"), (
            audit[1].Before!.Value.GetProperty("status").GetString(),
            audit[1].After!.Value.GetProperty("status").GetString(),
            audit[1].After!.Value.GetProperty("trackingNumber").GetString()));
    }

    [Fact]
    public async Task Cancel_ByAdminAudited_ByTheShopperNot()
    {
        using var admin = app.Admin();
        using var customer = app.Customer();
        var byAdmin = await app.PlacedOrderAsync(app.Customer());
        var byOwner = await app.PlacedOrderAsync(customer);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/orders/{byAdmin.Id}/cancel", null, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync($"/api/orders/{byOwner.Id}/cancel", null, Token)).StatusCode);

        var audit = Assert.Single(await AuditOfAsync(byAdmin.Id));
        Assert.Equal(("cancelled", "admin"), (audit.After!.Value.GetProperty("status").GetString(), audit.After.Value.GetProperty("cancellationReason").GetString()));
        Assert.Empty(await AuditOfAsync(byOwner.Id));
    }
}
