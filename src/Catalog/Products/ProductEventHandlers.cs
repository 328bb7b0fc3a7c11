using Bazaar.Catalog.Data;
using Bazaar.Contracts.Inventory;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>Keeps the shopper-facing stock status in step with Inventory.</summary>
public sealed partial class StockLevelChangedHandler(CatalogDb db, ILogger<StockLevelChangedHandler> logger) : IEventHandler<StockLevelChanged>
{
    public async Task HandleAsync(StockLevelChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var status = Product.FromWire(@event.StockStatus)
            ?? (@event.Available > 0 ? StockStatus.InStock : StockStatus.OutOfStock);

        // One conditional UPDATE: a report older than the one applied (a late redelivery) changes nothing,
        // and no concurrent edit of the product can make it fail.
        var changed = await db.Products
            .Where(p => p.Id == @event.ProductId && (p.StockChangedAt == null || p.StockChangedAt < @event.ChangedAt))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.StockStatus, status)
                    .SetProperty(p => p.Available, @event.Available)
                    .SetProperty(p => p.StockChangedAt, @event.ChangedAt),
                cancellationToken);
        if (changed == 0)
        {
            LogIgnored(logger, @event.ProductId, @event.ChangedAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stock report for {ProductId} at {ChangedAt} ignored: unknown product or a newer report applied")]
    private static partial void LogIgnored(ILogger logger, Guid productId, DateTimeOffset changedAt);
}

/// <summary>Keeps the product's rating in step with Reviews.</summary>
public sealed partial class ProductRatingChangedHandler(CatalogDb db, ILogger<ProductRatingChangedHandler> logger)
    : IEventHandler<Bazaar.Contracts.Reviews.ProductRatingChanged>
{
    public async Task HandleAsync(Bazaar.Contracts.Reviews.ProductRatingChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var average = Math.Round(Math.Clamp(@event.Average, 0m, 5m), 2);
        var count = Math.Max(0, @event.Count);
        var changed = await db.Products
            .Where(p => p.Id == @event.ProductId && (p.RatingChangedAt == null || p.RatingChangedAt < @event.ChangedAt))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.RatingAverage, average)
                    .SetProperty(p => p.RatingCount, count)
                    .SetProperty(p => p.RatingChangedAt, @event.ChangedAt),
                cancellationToken);
        if (changed == 0)
        {
            LogIgnored(logger, @event.ProductId, @event.ChangedAt);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rating for {ProductId} at {ChangedAt} ignored: unknown product or a newer rating applied")]
    private static partial void LogIgnored(ILogger logger, Guid productId, DateTimeOffset changedAt);
}
