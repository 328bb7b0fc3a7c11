using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;

namespace Bazaar.Inventory.Reservations;

/// <summary>Saga step 5: the order was paid; its reservation becomes a sale.</summary>
public sealed class SellOrder(StockReservations reservations) : IEventHandler<OrderPaid>
{
    public Task HandleAsync(OrderPaid @event, EventContext context, CancellationToken cancellationToken) =>
        reservations.SellAsync(@event.OrderId, cancellationToken);
}
