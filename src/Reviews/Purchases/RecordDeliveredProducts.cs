using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Reviews.Purchases;

/// <summary>
/// Remembers what a delivered order brought to its buyer. Verification is looked up when a review
/// is read, so a delivery counts whether it came before or after the review was written.
/// </summary>
public sealed class RecordDeliveredProducts(ReviewsDb db) : IEventHandler<OrderDelivered>
{
    public async Task HandleAsync(OrderDelivered @event, EventContext context, CancellationToken cancellationToken)
    {
        var products = @event.ProductIds.Distinct().ToList();
        var known = await db.DeliveredProducts
            .Where(d => d.UserId == @event.UserId && products.Contains(d.ProductId))
            .Select(d => d.ProductId)
            .ToListAsync(cancellationToken);
        // A concurrent delivery of the same product collides on the key; the retry then skips it.
        db.DeliveredProducts.AddRange(products.Except(known).Select(p => DeliveredProduct.Create(@event.UserId, p, @event.DeliveredAt)));
    }
}
