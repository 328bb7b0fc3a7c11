using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>An admin's stock writes leave an AuditRecorded in the outbox with the change; a refused one leaves none.</summary>
public sealed class StockAuditTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    [Fact]
    public async Task SetStock_ByAdmin_AuditedWithOnHandBeforeAndAfter()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out var adminId));

        var response = await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 8, reason = "Delivery received" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.EntityId == product.ToString()));
        Assert.Equal(("stock", "set", adminId), (audit.Entity, audit.Action, audit.ActorId));
        Assert.Equal(5, audit.Before!.Value.GetProperty("onHand").GetInt32());
        Assert.Equal(8, audit.After!.Value.GetProperty("onHand").GetInt32());
        Assert.Equal("Delivery received", audit.After.Value.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SetStock_BelowWhatIsReserved_409AndNothingAudited()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        var order = Guid.CreateVersion7();
        using var admin = app.Admin();
        var reserved = await admin.PostAsJsonAsync("/api/inventory/reserve", new { orderId = order, items = new[] { new { productId = product, quantity = 3 } } }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);

        var response = await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 1 }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(await app.EventsAsync<AuditRecorded>(a => a.EntityId == product.ToString()));
        var reservation = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.EntityId == order.ToString()));
        Assert.Equal(("reservation", "created"), (reservation.Entity, reservation.Action));
    }
}
