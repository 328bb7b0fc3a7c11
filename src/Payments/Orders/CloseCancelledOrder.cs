using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Refunds;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Orders;

/// <summary>
/// The order was cancelled: it is not payable any more and a queued automatic charge is dropped.
/// If it was paid (WasPaid), the payment is refunded in full: the refund is reserved here, in the
/// event's transaction, and sent by the worker, which emits PaymentRefunded(fullyRefunded: true).
/// Ordering sends OrderCancelled again with WasPaid when a PaymentSucceeded reaches an order it had
/// already cancelled, so a charge that raced the cancellation is refunded too.
/// </summary>
public sealed partial class CloseCancelledOrder(PaymentsDb db, Refunding refunding, TimeProvider clock, ILogger<CloseCancelledOrder> logger)
    : IEventHandler<OrderCancelled>
{
    public const string RefundReason = "order_cancelled";

    public async Task HandleAsync(OrderCancelled @event, EventContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Lock order everywhere: charge request, then order, then payment (the worker takes them so too).
        var request = await db.LockChargeRequestAsync(@event.OrderId, cancellationToken);
        request?.SkipCancelled(now);

        var order = (await db.Orders.FromSql($"SELECT * FROM payable_orders WHERE order_id = {@event.OrderId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (order is null)
        {
            db.Orders.Add(PayableOrder.CancelledUnseen(@event.OrderId, @event.UserId, @event.Reason, @event.CancelledAt, now));
        }
        else
        {
            order.Cancel(@event.Reason, now);
        }

        if (!@event.WasPaid)
        {
            return;
        }

        var payment = await db.LockChargedPaymentAsync(@event.OrderId, cancellationToken);
        if (payment is null)
        {
            LogNothingCharged(logger, @event.OrderId);
            return;
        }

        var plan = await refunding.PlanAsync(payment, amount: null, RefundReason, dueAt: now, cancellationToken);
        LogRefundPlanned(logger, @event.OrderId, payment.Id, plan.Status, plan.Remaining);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} was cancelled as paid, but no charge of it succeeded here: nothing to refund")]
    private static partial void LogNothingCharged(ILogger logger, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} cancelled as paid: refund of payment {PaymentId} {Plan} ({Remaining} left to refund)")]
    private static partial void LogRefundPlanned(ILogger logger, Guid orderId, Guid paymentId, RefundPlanStatus plan, decimal remaining);
}
