using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Reservations;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Tests.Reservations;

/// <summary>With a one-second payment window, unpaid reservations lapse and their units return.</summary>
public sealed class ReservationExpiryTests(ShortTtlInventoryApp app) : IClassFixture<ShortTtlInventoryApp>
{
    // Generous: under a loaded CI machine the sweep and the consumer share two cores with every other suite.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static OrderPlaced Placed(Guid orderId, Guid productId, int quantity) => new(
        orderId, Guid.CreateVersion7(), [new OrderLine(productId, "Test product", quantity, 1m)], quantity, "USD", null, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Reservation_NotPaidInTime_ExpiresAndTheUnitsReturn()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        var orderId = Guid.CreateVersion7();
        await using var probe = await BusProbe.StartAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, nameof(ReservationExpired));

        await app.HandledAsync(Placed(orderId, product, 2));

        var expired = await probe.WaitForAsync<ReservationExpired>(e => e.OrderId == orderId, Timeout);
        Assert.Equal([new StockLine(product, 2)], expired.Items);
        var stock = await app.StockAsync(product);
        Assert.Equal((5, 0, 5), (stock.OnHand, stock.Reserved, stock.Available));
        var reservation = await app.WithDbAsync(db => db.Reservations.SingleAsync(r => r.OrderId == orderId, InventoryApp.Cancellation));
        Assert.Equal(ReservationStatus.Expired, reservation.Status);
    }

    [Fact]
    public async Task Reservation_Expired_CancellingAndThenAPaymentChangeNothing()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, product, 2));
        await Eventually.HoldsAsync(async () => (await app.EventsAsync<ReservationExpired>()).Any(e => e.OrderId == orderId), Timeout, "expired");

        await app.HandledAsync(new OrderCancelled(orderId, Guid.CreateVersion7(), "payment_timeout", false, DateTimeOffset.UtcNow));
        await app.HandledAsync(new OrderPaid(orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), [], 2m, "USD", DateTimeOffset.UtcNow));

        Assert.Equal((5, 0), ((await app.StockAsync(product)).OnHand, (await app.StockAsync(product)).Reserved));
        Assert.Single(await app.EventsAsync<ReservationExpired>(), e => e.OrderId == orderId);
    }

    [Fact]
    public async Task Reservation_PaidAfterExpiryWithStockLeft_IsStillSold()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        var orderId = Guid.CreateVersion7();
        await app.HandledAsync(Placed(orderId, product, 2));
        await Eventually.HoldsAsync(async () => (await app.EventsAsync<ReservationExpired>()).Any(e => e.OrderId == orderId), Timeout, "expired");

        await app.HandledAsync(new OrderPaid(orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), [], 2m, "USD", DateTimeOffset.UtcNow));

        var stock = await app.StockAsync(product);
        Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task Reservation_PaidAfterExpiryWithStockGone_SellsNothingAndSaysSoOnce()
    {
        var product = await app.NewProductAsync(initialStock: 2);
        var late = Guid.CreateVersion7();
        await app.HandledAsync(Placed(late, product, 2));
        await Eventually.HoldsAsync(async () => (await app.EventsAsync<ReservationExpired>()).Any(e => e.OrderId == late), Timeout, "expired");
        using var admin = app.Admin();
        await admin.PutAsync($"/api/inventory/{product}", System.Net.Http.Json.JsonContent.Create(new { onHand = 1 }), InventoryApp.Cancellation);

        var paid = new OrderPaid(late, Guid.CreateVersion7(), Guid.CreateVersion7(), [], 2m, "USD", DateTimeOffset.UtcNow);

        await app.HandledAsync(paid);
        await app.HandledAsync(paid); // again, under a new message id

        var stock = await app.StockAsync(product);
        Assert.Equal((1, 0, 1), (stock.OnHand, stock.Reserved, stock.Available));
        // Ordering is told, so that the paid order is cancelled and refunded rather than left waiting.
        var soldOut = Assert.Single(await app.EventsAsync<PaidOrderOutOfStock>(), e => e.OrderId == late);
        Assert.Equal([new StockLine(product, 2)], soldOut.Shortages);
        var reservation = await app.WithDbAsync(db => db.Reservations.SingleAsync(r => r.OrderId == late, InventoryApp.Cancellation));
        Assert.Equal(ReservationStatus.Released, reservation.Status);
    }
}
