using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Stock;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>ReturnReceived with restock: the units go back on the shelf with a ledger line of reason "return", once per return.</summary>
public sealed class RestockReturnTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    [Fact]
    public async Task ReturnReceived_SoldUnitsRestocked_BackOnHandWithALedgerLinePerLine()
    {
        var (lamp, chair, orderId) = await SoldAsync();
        var returned = Received(orderId, restock: true, (lamp, 2), (chair, 1));

        await app.HandledAsync(returned);

        Assert.Equal((8, 0, 8), Levels(await app.StockAsync(lamp)));
        Assert.Equal((9, 0, 9), Levels(await app.StockAsync(chair)));
        var lines = await ReturnLinesAsync(orderId);
        Assert.Equal([(lamp, 2), (chair, 1)], lines.OrderBy(m => m.ProductId == chair).Select(m => (m.ProductId, m.Quantity)));
        Assert.All(lines, m => Assert.Equal((MovementType.Returned, RestockReturn.Reason, orderId), (m.Type, m.Reason, m.OrderId)));
        Assert.Contains(await app.EventsAsync<StockLevelChanged>(), e => e.ProductId == lamp && e.Available == 8);
    }

    [Fact]
    public async Task ReturnReceived_DeliveredTwiceAndThreeTimesAtOnce_RestocksOnce()
    {
        var (lamp, chair, orderId) = await SoldAsync();
        var returned = Received(orderId, restock: true, (lamp, 1), (chair, 1));

        await app.HandledAsync(returned);
        await app.HandledAsync(returned);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.HandledAsync(returned)));

        Assert.Equal(7, (await app.StockAsync(lamp)).OnHand);
        Assert.Equal(9, (await app.StockAsync(chair)).OnHand);
        Assert.Equal(2, (await ReturnLinesAsync(orderId)).Count);
    }

    [Fact]
    public async Task ReturnReceived_WithoutRestock_ChangesNoStock()
    {
        var (lamp, _, orderId) = await SoldAsync();

        await app.HandledAsync(Received(orderId, restock: false, (lamp, 2)));

        Assert.Equal(6, (await app.StockAsync(lamp)).OnHand);
        Assert.Empty(await ReturnLinesAsync(orderId));
    }

    private static (int, int, int) Levels(StockBody stock) => (stock.OnHand, stock.Reserved, stock.Available);

    private static ReturnReceived Received(Guid orderId, bool restock, params (Guid ProductId, int Quantity)[] lines) => new(
        Guid.CreateVersion7(), orderId, Guid.CreateVersion7(), 10m, "USD", [.. lines.Select(l => new ReturnedLine(l.ProductId, null, l.Quantity, 5m))], restock, DateTimeOffset.UtcNow);

    /// <summary>Lamp 10 in stock, 4 sold; chair 10, 2 sold; both to one order.</summary>
    private async Task<(Guid Lamp, Guid Chair, Guid OrderId)> SoldAsync()
    {
        var (lamp, chair, orderId) = (await app.NewProductAsync(10), await app.NewProductAsync(10), Guid.CreateVersion7());
        await app.HandledAsync(new OrderPlaced(
            orderId, Guid.CreateVersion7(), [new OrderLine(lamp, "Lamp", 4, 9.99m), new OrderLine(chair, "Chair", 2, 9.99m)], 59.94m, "USD", null, DateTimeOffset.UtcNow));
        await app.HandledAsync(new OrderPaid(orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), [], 59.94m, "USD", DateTimeOffset.UtcNow));
        Assert.Equal((6, 0, 6), Levels(await app.StockAsync(lamp)));
        return (lamp, chair, orderId);
    }

    private Task<List<StockMovement>> ReturnLinesAsync(Guid orderId) =>
        app.WithDbAsync(db => db.Movements.AsNoTracking().Where(m => m.OrderId == orderId && m.Type == MovementType.Returned).ToListAsync(InventoryApp.Cancellation));
}
