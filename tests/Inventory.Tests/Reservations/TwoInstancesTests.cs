using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Data;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Tests.Reservations;

/// <summary>Inventory scaled to two replicas: two expiry sweeps on one database, every 100 ms.</summary>
public sealed class TwoInstancesTests(ShortTtlInventoryApp app) : IClassFixture<ShortTtlInventoryApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ExpirySweep_TwoInstances_ReleaseEachExpiredReservationOnce()
    {
        await using var second = new AnotherInstance<InventoryDb>(app, ["Inventory"]);
        _ = second.Server;
        var products = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.NewProductAsync(initialStock: 100)));

        // Thirty unpaid orders at once, reserved by whichever instance takes each; they lapse
        // within a second of each other, while both sweeps run.
        var orders = Enumerable.Range(0, 30).Select(n => (Id: Guid.CreateVersion7(), Product: products[n % 3], Quantity: 1 + n % 3)).ToList();
        await Task.WhenAll(orders.Select(o => app.PublishAsync(new OrderPlaced(
            o.Id, Guid.CreateVersion7(), [new OrderLine(o.Product, "Test product", o.Quantity, 1m)], o.Quantity, "USD", null, DateTimeOffset.UtcNow))));
        var ids = orders.Select(o => o.Id).ToHashSet();
        await Eventually.HoldsAsync(
            async () => (await app.EventsAsync<ReservationExpired>(e => ids.Contains(e.OrderId))).Select(e => e.OrderId).Distinct().Count() == ids.Count,
            Timeout,
            "every reservation expired");
        // Nothing is left to expire; stopped, the second sweep cannot commit anything more either.
        await second.DisposeAsync();

        var expired = await app.EventsAsync<ReservationExpired>(e => ids.Contains(e.OrderId));
        Assert.Equal(ids.Order(), expired.Select(e => e.OrderId).Order());
        var released = await app.WithDbAsync(db => db.Movements.AsNoTracking()
            .Where(m => m.Type == MovementType.Released && m.OrderId != null && ids.Contains(m.OrderId.Value))
            .Select(m => m.OrderId!.Value).ToListAsync(InventoryApp.Cancellation));
        Assert.Equal(ids.Order(), released.Order());
        Assert.All(await app.WithDbAsync(db => db.Reservations.AsNoTracking().Where(r => ids.Contains(r.OrderId)).ToListAsync(InventoryApp.Cancellation)),
            r => Assert.Equal(ReservationStatus.Expired, r.Status));
        foreach (var product in products)
        {
            var stock = await app.StockAsync(product);
            Assert.Equal((100, 0, 100), (stock.OnHand, stock.Reserved, stock.Available));
        }
    }
}
