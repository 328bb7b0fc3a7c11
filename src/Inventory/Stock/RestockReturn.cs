using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Data;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Inventory.Stock;

/// <summary>Remembers that a return's units were put back, so that they are put back once.</summary>
public sealed class ReturnRestock
{
    public Guid ReturnId { get; init; }

    public Guid OrderId { get; init; }

    public DateTimeOffset RestockedAt { get; init; }
}

/// <summary>
/// A return was received with restock: each line's units go back on the shelf of the warehouse
/// that sold them (the default one when none is known), with a ledger entry of type returned and
/// reason "return". Once per return: with the products' rows locked, a return already restocked
/// (a repeated or racing delivery) is seen and skipped; its key makes a second insert fail.
/// </summary>
public sealed partial class RestockReturn(InventoryDb db, StockBook book, TimeProvider clock, IOptions<InventoryOptions> options, ILogger<RestockReturn> logger)
    : IEventHandler<ReturnReceived>
{
    public const string Reason = "return";

    public async Task HandleAsync(ReturnReceived @event, EventContext context, CancellationToken cancellationToken)
    {
        if (!@event.Restock || @event.Lines.Count == 0)
        {
            return;
        }

        var sheet = await book.LockAsync(@event.Lines.Select(l => l.ProductId), cancellationToken);
        if (await db.ReturnRestocks.AnyAsync(r => r.ReturnId == @event.ReturnId, cancellationToken))
        {
            LogAlreadyRestocked(logger, @event.ReturnId);
            return;
        }

        var now = clock.GetUtcNow();
        var soldFrom = await db.ReservationLines.AsNoTracking().Where(l => l.OrderId == @event.OrderId)
            .ToDictionaryAsync(l => l.ProductId, l => l.WarehouseId, cancellationToken);
        db.ReturnRestocks.Add(new ReturnRestock { ReturnId = @event.ReturnId, OrderId = @event.OrderId, RestockedAt = now });
        foreach (var line in @event.Lines.Where(l => l.Quantity > 0))
        {
            var warehouse = soldFrom.GetValueOrDefault(line.ProductId, Warehouse.DefaultId);
            var item = sheet.Find(line.ProductId, warehouse);
            if (item is null)
            {
                item = StockItem.Create(line.ProductId, warehouse, 0, options.Value.DefaultLowStockThreshold, now);
                book.Add(sheet, item);
            }

            item.Return(line.Quantity, now);
            book.Record(MovementType.Returned, item, line.Quantity, @event.OrderId, Reason);
        }

        await book.PublishChangesAsync(sheet, cancellationToken);
        LogRestocked(logger, @event.ReturnId, @event.OrderId, @event.Lines.Sum(l => l.Quantity));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} is already back in stock: a repeated event, ignored")]
    private static partial void LogAlreadyRestocked(ILogger logger, Guid returnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} of order {OrderId}: {Units} units back in stock")]
    private static partial void LogRestocked(ILogger logger, Guid returnId, Guid orderId, int units);
}
