using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Sales;

/// <summary>
/// Records OrderPaid and counts the sale: the order with its total, and each line for sales per
/// product. The inbox stops a redelivered message; the order id stops the same payment announced
/// twice under two message ids (a concurrent duplicate collides on the key and its retry skips).
/// </summary>
public sealed class CountSale(AnalyticsDb db) : IEventHandler<OrderPaid>
{
    public async Task HandleAsync(OrderPaid @event, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.PaidOrders.AnyAsync(o => o.OrderId == @event.OrderId, cancellationToken))
        {
            return;
        }

        db.Events.Add(IntegrationEventRows.From(@event, context));
        db.PaidOrders.Add(PaidOrder.From(@event));
        db.SoldLines.AddRange(SoldLine.From(@event));
    }
}
