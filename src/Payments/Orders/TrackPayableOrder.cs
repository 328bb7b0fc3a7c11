using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Orders;

/// <summary>
/// Saga step 3: the order's stock is reserved and it awaits payment. Kept as payable; when it came
/// with a payment method, an automatic charge is queued for the worker. No provider call here: a
/// slow provider would hold the consumer's transaction (and its queue) for as long as it took.
/// </summary>
public sealed class TrackPayableOrder(PaymentsDb db, TimeProvider clock) : IEventHandler<OrderAwaitingPayment>
{
    public async Task HandleAsync(OrderAwaitingPayment @event, EventContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var order = (await db.Orders.FromSql($"SELECT * FROM payable_orders WHERE order_id = {@event.OrderId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (order is null)
        {
            order = PayableOrder.From(@event, now);
            db.Orders.Add(order);
        }
        else if (!order.Refresh(@event, now))
        {
            return; // cancelled already (the events crossed): it stays unpayable
        }

        // One automatic charge per order, however many times the event comes under new message ids.
        if (order.PaymentMethodId is { } method && !await db.ChargeRequests.AnyAsync(r => r.OrderId == @event.OrderId, cancellationToken))
        {
            db.ChargeRequests.Add(ChargeRequest.Queue(@event.OrderId, method, now, TraceLink.Current()));
        }
    }
}
