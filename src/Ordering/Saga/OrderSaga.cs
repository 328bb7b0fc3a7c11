using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;

namespace Bazaar.Ordering.Saga;

/// <summary>
/// The shared shape of a saga step: find the order, try the move, publish what it means. A move
/// the order refuses is a late or repeated event (a payment failure after the payment succeeded,
/// a reservation for an order cancelled meanwhile): it is logged and acknowledged, never retried.
/// Handlers run inside the consumer's transaction; the consumer saves, and a concurrent change
/// of the same order (its xmin moved) fails the save, so the message is retried on the fresh order.
/// </summary>
internal static partial class OrderSaga
{
    public static async Task ApplyAsync(
        OrderingDb db, ILogger logger, string eventName, Guid orderId, Func<Order, bool> move, CancellationToken cancellationToken)
    {
        var order = await db.FindOrderAsync(orderId, cancellationToken);
        if (order is null)
        {
            LogUnknownOrder(logger, eventName, orderId);
            return;
        }

        var from = order.Status;
        if (!move(order))
        {
            LogIgnored(logger, eventName, orderId, OrderWire.Of(from));
            return;
        }

        if (order.Status != from)
        {
            db.AddTransitionEvents(order, from);
            LogMoved(logger, orderId, OrderWire.Of(from), OrderWire.Of(order.Status), eventName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventName} for unknown order {OrderId} ignored")]
    public static partial void LogUnknownOrder(ILogger logger, string eventName, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{EventName} for order {OrderId} ignored: the order is {Status} (a late or repeated event)")]
    public static partial void LogIgnored(ILogger logger, string eventName, Guid orderId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} moved from {From} to {To} on {EventName}")]
    private static partial void LogMoved(ILogger logger, Guid orderId, string from, string to, string eventName);
}
