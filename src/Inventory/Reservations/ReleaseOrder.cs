using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;

namespace Bazaar.Inventory.Reservations;

/// <summary>Saga step 6: the order was cancelled; its units are released, or returned if it was paid.</summary>
public sealed class ReleaseOrder(StockReservations reservations) : IEventHandler<OrderCancelled>
{
    public Task HandleAsync(OrderCancelled @event, EventContext context, CancellationToken cancellationToken) =>
        reservations.CancelAsync(@event.OrderId, @event.WasPaid, cancellationToken);
}
