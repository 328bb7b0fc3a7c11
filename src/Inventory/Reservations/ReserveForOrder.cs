using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Data;
using Bazaar.Messaging;

namespace Bazaar.Inventory.Reservations;

/// <summary>Saga step 2: an order was placed; hold all its lines or none, and say which.</summary>
public sealed class ReserveForOrder(StockReservations reservations, InventoryDb db, TimeProvider clock) : IEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced @event, EventContext context, CancellationToken cancellationToken)
    {
        var lines = @event.Items.Select(i => new StockLine(i.ProductId, i.Quantity));
        var outcome = await reservations.ReserveAsync(@event.OrderId, lines, cancellationToken);
        switch (outcome.Result)
        {
            case ReserveResult.Created:
                db.AddEvent(new StockReserved(@event.OrderId, outcome.Reservation!.Items, outcome.Reservation.ExpiresAt));
                break;
            case ReserveResult.Existing when outcome.Reservation!.Status == ReservationStatus.Reserved:
                // OrderPlaced again (or reserved by hand first): say it again, Ordering takes it idempotently.
                db.AddEvent(new StockReserved(@event.OrderId, outcome.Reservation.Items, outcome.Reservation.ExpiresAt));
                break;
            case ReserveResult.Short:
                var shortages = outcome.Shortages.Select(s => new StockLine(s.ProductId, s.Requested - s.Available)).ToList();
                db.AddEvent(new StockReservationFailed(@event.OrderId, shortages, clock.GetUtcNow()));
                break;
        }
    }
}
