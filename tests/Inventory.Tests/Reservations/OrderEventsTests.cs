using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Tests.Reservations;

/// <summary>Inventory's part of the checkout saga, driven by events as Catalog and Ordering send them.</summary>
public sealed class OrderEventsTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static OrderPlaced Placed(Guid orderId, params (Guid ProductId, int Quantity)[] lines) => new(
        orderId, Guid.CreateVersion7(), [.. lines.Select(l => new OrderLine(l.ProductId, "Test product", l.Quantity, 9.99m))], 9.99m, "USD", null, DateTimeOffset.UtcNow);

    private static OrderPaid Paid(Guid orderId) => new(orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), [], 9.99m, "USD", DateTimeOffset.UtcNow);

    private static OrderCancelled Cancelled(Guid orderId, bool wasPaid) => new(orderId, Guid.CreateVersion7(), "customer_request", wasPaid, DateTimeOffset.UtcNow);

    [Fact]
    public async Task ProductCreated_CreatesTheStockItemWithItsInitialStock()
    {
        var product = Guid.CreateVersion7();

        await app.HandledAsync(new ProductCreated(product, "SKU-1", "Lamp", Guid.CreateVersion7(), 20m, "USD", null, 12, DateTimeOffset.UtcNow));

        var stock = await app.StockAsync(product);
        Assert.Equal((12, 0, 12), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Contains(await app.EventsAsync<StockLevelChanged>(), e => e.ProductId == product && e.Available == 12 && e.StockStatus == "in_stock");
    }

    [Fact]
    public async Task OrderPlaced_EnoughStock_PublishesStockReservedAndHoldsTheUnits()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        await using var probe = await BusProbe.StartAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, nameof(StockReserved));

        await app.PublishAsync(Placed(orderId, (product, 3)));

        var reserved = await probe.WaitForAsync<StockReserved>(e => e.OrderId == orderId, Timeout);
        Assert.Equal([new StockLine(product, 3)], reserved.Items);
        Assert.InRange(reserved.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        var stock = await app.StockAsync(product);
        Assert.Equal((10, 3, 7), (stock.OnHand, stock.Reserved, stock.Available));
    }

    [Fact]
    public async Task OrderPlaced_OneLineShort_PublishesStockReservationFailedAndHoldsNothing()
    {
        var plenty = await app.NewProductAsync(initialStock: 10);
        var scarce = await app.NewProductAsync(initialStock: 2);
        var orderId = Guid.CreateVersion7();

        await app.HandledAsync(Placed(orderId, (plenty, 1), (scarce, 5)));

        var failed = Assert.Single(await app.EventsAsync<StockReservationFailed>(), e => e.OrderId == orderId);
        Assert.Equal([new StockLine(scarce, 3)], failed.Shortages);
        Assert.Equal(0, (await app.StockAsync(plenty)).Reserved);
        Assert.DoesNotContain(await app.EventsAsync<StockReserved>(), e => e.OrderId == orderId);
    }

    [Fact]
    public async Task OrderPaid_TurnsTheReservationIntoASaleOnce()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, (product, 4)));

        await app.HandledAsync(Paid(orderId));
        await app.HandledAsync(Paid(orderId)); // a second copy under another message id sells nothing more

        var stock = await app.StockAsync(product);
        Assert.Equal((6, 0, 6), (stock.OnHand, stock.Reserved, stock.Available));
        var sold = await app.WithDbAsync(db => db.Movements.Where(m => m.OrderId == orderId && m.Type == MovementType.Sold).ToListAsync(InventoryApp.Cancellation));
        Assert.Equal(4, Assert.Single(sold).Quantity);
    }

    [Fact]
    public async Task OrderCancelled_Unpaid_ReleasesTheReservation()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, (product, 4)));
        Assert.Equal(4, (await app.StockAsync(product)).Reserved);

        await app.HandledAsync(Cancelled(orderId, wasPaid: false));

        Assert.Equal((10, 0), ((await app.StockAsync(product)).OnHand, (await app.StockAsync(product)).Reserved));
        var reservation = await app.WithDbAsync(db => db.Reservations.SingleAsync(r => r.OrderId == orderId, InventoryApp.Cancellation));
        Assert.Equal(ReservationStatus.Released, reservation.Status);
    }

    [Fact]
    public async Task OrderCancelled_AfterPayment_PutsTheSoldUnitsBackOnTheShelf()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, (product, 4)));
        await app.HandledAsync(Paid(orderId));
        Assert.Equal(6, (await app.StockAsync(product)).OnHand);

        await app.HandledAsync(Cancelled(orderId, wasPaid: true));
        await app.HandledAsync(Cancelled(orderId, wasPaid: true));

        var stock = await app.StockAsync(product);
        Assert.Equal((10, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task OrderCancelled_ArrivingBeforeOrderPaid_LeavesTheUnitsOnTheShelf()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, (product, 4)));

        await app.HandledAsync(Cancelled(orderId, wasPaid: true));
        await app.HandledAsync(Paid(orderId));

        var stock = await app.StockAsync(product);
        Assert.Equal((10, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task OrderCancelled_ArrivingBeforeOrderPlaced_HoldsNothingForTheCancelledOrder()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();

        await app.HandledAsync(Cancelled(orderId, wasPaid: false));
        await app.HandledAsync(Placed(orderId, (product, 4)));

        var stock = await app.StockAsync(product);
        Assert.Equal((10, 0, 10), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.DoesNotContain(await app.EventsAsync<StockReserved>(), e => e.OrderId == orderId);
    }

    [Fact]
    public async Task ProductCreated_Twice_KeepsTheFirstStock()
    {
        var product = await app.NewProductAsync(initialStock: 3);

        await app.HandledAsync(new ProductCreated(product, "SKU-2", "Lamp", Guid.CreateVersion7(), 20m, "USD", null, 50, DateTimeOffset.UtcNow));

        Assert.Equal(3, (await app.StockAsync(product)).OnHand);
    }

    [Fact]
    public async Task OrderPlaced_Twice_HoldsTheUnitsOnce()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        var placed = Placed(orderId, (product, 2));

        await app.HandledAsync(placed);
        await app.HandledAsync(placed);

        Assert.Equal(2, (await app.StockAsync(product)).Reserved);
        Assert.Equal(2, (await app.EventsAsync<StockReserved>()).Count(e => e.OrderId == orderId));
    }
}
