using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Sales;

/// <summary>
/// Records OrderRefunded and keeps the amount for the sales report, which subtracts it. Like a
/// sale, a refund announced twice under two message ids counts once.
/// </summary>
public sealed class CountRefund(AnalyticsDb db) : IEventHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded @event, EventContext context, CancellationToken cancellationToken)
    {
        var refund = Refund.From(@event);
        if (await db.Refunds.AnyAsync(r => r.OrderId == refund.OrderId && r.RefundedAt == refund.RefundedAt, cancellationToken))
        {
            return;
        }

        db.Events.Add(IntegrationEventRows.From(@event, context));
        db.Refunds.Add(refund);
    }
}
