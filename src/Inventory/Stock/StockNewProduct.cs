using Bazaar.Contracts.Catalog;
using Bazaar.Messaging;
using Microsoft.Extensions.Options;

namespace Bazaar.Inventory.Stock;

/// <summary>A product was added to the catalog: it gets its stock item in the default warehouse.</summary>
public sealed partial class StockNewProduct(
    StockBook book,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    ILogger<StockNewProduct> logger) : IEventHandler<ProductCreated>
{
    public async Task HandleAsync(ProductCreated @event, EventContext context, CancellationToken cancellationToken)
    {
        var sheet = await book.LockAsync([@event.ProductId], cancellationToken);
        if (sheet.Knows(@event.ProductId))
        {
            return; // created before (a second ProductCreated, or stock set by hand first)
        }

        if (@event.InitialStock < 0)
        {
            LogNegativeInitialStock(logger, @event.ProductId, @event.InitialStock);
        }

        var units = Math.Max(0, @event.InitialStock);
        var item = StockItem.Create(@event.ProductId, Warehouse.DefaultId, units, options.Value.DefaultLowStockThreshold, clock.GetUtcNow());
        book.Add(sheet, item);
        if (units > 0)
        {
            book.Record(MovementType.Received, item, units);
        }

        await book.PublishChangesAsync(sheet, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Product {ProductId} created with initial stock {InitialStock}; starting at 0")]
    private static partial void LogNegativeInitialStock(ILogger logger, Guid productId, int initialStock);
}
