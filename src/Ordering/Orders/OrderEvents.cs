using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;

namespace Bazaar.Ordering.Orders;

/// <summary>
/// What the other services are told when an order changes, added to the outbox in the caller's
/// SaveChanges. Every transition goes through <see cref="AddTransitionEvents"/>, so each one
/// publishes OrderStatusChanged and the event its new status means, wherever it was made.
/// </summary>
public static class OrderEvents
{
    public static void AddPlacedEvent(this OrderingDb db, Order order) =>
        db.AddEvent(new OrderPlaced(order.Id, order.UserId, Lines(order), order.TotalPrice, order.Currency, order.PaymentMethodId, order.CreatedAt));

    public static void AddTransitionEvents(this OrderingDb db, Order order, OrderStatus from)
    {
        var at = order.UpdatedAt;
        db.AddEvent(new OrderStatusChanged(order.Id, order.UserId, OrderWire.Of(from), OrderWire.Of(order.Status), at));
        IIntegrationEvent? meaning = order.Status switch
        {
            OrderStatus.AwaitingPayment => new OrderAwaitingPayment(
                order.Id, order.UserId, order.TotalPrice, order.Currency, order.PaymentMethodId, order.ReservedUntil!.Value),
            OrderStatus.Paid => new OrderPaid(order.Id, order.UserId, order.PaymentId!.Value, Lines(order), order.TotalPrice, order.Currency, order.PaidAt!.Value),
            OrderStatus.Cancelled => Cancelled(order),
            OrderStatus.Shipped => new OrderShipped(order.Id, order.UserId, order.Shipment!.Carrier, order.Shipment.TrackingNumber, order.Shipment.ShippedAt),
            OrderStatus.Delivered => new OrderDelivered(order.Id, order.UserId, [.. order.Items.OrderBy(i => i.Line).Select(i => i.ProductId)], at),
            OrderStatus.Refunded => new OrderRefunded(order.Id, order.UserId, order.RefundedAmount ?? order.TotalPrice, order.Currency, at),
            _ => null,
        };
        if (meaning is not null)
        {
            db.AddEvent(meaning);
        }
    }

    /// <summary>
    /// Said again, with wasPaid, when a payment succeeds for an order already cancelled: Payments
    /// refunds on it, Inventory (whose stock was released) keeps it released.
    /// </summary>
    public static void AddPaidAfterCancelEvent(this OrderingDb db, Order order) => db.AddEvent(Cancelled(order));

    private static OrderCancelled Cancelled(Order order) => new(
        order.Id,
        order.UserId,
        OrderWire.Of(order.CancellationReason ?? CancellationReason.Admin),
        order.WasPaid,
        order.History.Last(h => h.Status == OrderStatus.Cancelled).At);

    private static List<OrderLine> Lines(Order order) =>
        [.. order.Items.OrderBy(i => i.Line).Select(i => new OrderLine(i.ProductId, i.ProductName, i.Quantity, i.UnitPrice))];
}
