using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Notices;

/// <summary>The order confirmation, once the order is paid.</summary>
public sealed class SendOrderConfirmation(Notifier notifier, NotificationsDb db) : IEventHandler<OrderPaid>
{
    public async Task HandleAsync(OrderPaid @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.OrderConfirmation,
            MessageTemplates.OrderConfirmationMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId, @event.Items, @event.TotalPrice, @event.Currency),
            MessageTemplates.OrderConfirmationShort(@event.OrderId, @event.TotalPrice, @event.Currency),
            cancellationToken);
}

/// <summary>Tells the buyer a payment failed and that the order can still be paid.</summary>
public sealed class SendPaymentFailed(Notifier notifier, NotificationsDb db) : IEventHandler<PaymentFailed>
{
    public async Task HandleAsync(PaymentFailed @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.PaymentFailed,
            MessageTemplates.PaymentFailedMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId, @event.Amount, @event.Currency, @event.FailureMessage),
            MessageTemplates.PaymentFailedShort(@event.OrderId, @event.Amount, @event.Currency),
            cancellationToken);
}

/// <summary>Carrier and tracking number, when the order leaves the warehouse.</summary>
public sealed class SendOrderShipped(Notifier notifier, NotificationsDb db) : IEventHandler<OrderShipped>
{
    public async Task HandleAsync(OrderShipped @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.OrderShipped,
            MessageTemplates.OrderShippedMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId, @event.Carrier, @event.TrackingNumber),
            MessageTemplates.OrderShippedShort(@event.OrderId, @event.Carrier, @event.TrackingNumber),
            cancellationToken);
}

/// <summary>
/// Why the order was cancelled, and whether money is coming back: sent again, saying so, when a
/// payment succeeded for an order already cancelled (Ordering's second OrderCancelled, paid).
/// </summary>
public sealed class SendOrderCancelled(Notifier notifier, NotificationsDb db) : IEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.OrderCancelled,
            MessageTemplates.OrderCancelledMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId, @event.Reason, @event.WasPaid),
            MessageTemplates.OrderCancelledShort(@event.OrderId, @event.WasPaid),
            cancellationToken);
}

/// <summary>The money is on its way back: the order was refunded in full.</summary>
public sealed class SendOrderRefunded(Notifier notifier, NotificationsDb db) : IEventHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.OrderRefunded,
            MessageTemplates.OrderRefundedMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId, @event.Amount, @event.Currency),
            MessageTemplates.OrderRefundedShort(@event.OrderId, @event.Amount, @event.Currency),
            cancellationToken);
}

public sealed class SendOrderDelivered(Notifier notifier, NotificationsDb db) : IEventHandler<OrderDelivered>
{
    public async Task HandleAsync(OrderDelivered @event, EventContext context, CancellationToken cancellationToken) =>
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.OrderDelivered,
            MessageTemplates.OrderDeliveredMail(await db.NameOfAsync(@event.UserId, cancellationToken), @event.OrderId),
            MessageTemplates.OrderDeliveredShort(@event.OrderId),
            cancellationToken);
}

internal static class ContactNames
{
    /// <summary>For the greeting; a mail without a name still goes out.</summary>
    public static Task<string?> NameOfAsync(this NotificationsDb db, Guid userId, CancellationToken cancellationToken) =>
        db.Contacts.Where(c => c.UserId == userId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
}
