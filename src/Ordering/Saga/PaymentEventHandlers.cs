using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;

namespace Bazaar.Ordering.Saga;

/// <summary>
/// Saga step 4: the order is paid (OrderPaid: Inventory sells the reservation). When the order was
/// cancelled while the charge was on its way, it stays cancelled and OrderCancelled is said again
/// with wasPaid = true, so Payments refunds the money it took.
/// </summary>
public sealed partial class PaymentSucceededHandler(OrderingDb db, TimeProvider clock, ILogger<PaymentSucceededHandler> logger) : IEventHandler<PaymentSucceeded>
{
    public async Task HandleAsync(PaymentSucceeded @event, EventContext context, CancellationToken cancellationToken)
    {
        var order = await db.FindOrderAsync(@event.OrderId, cancellationToken);
        if (order?.Status == OrderStatus.Cancelled)
        {
            if (order.RecordPaymentAfterCancel(@event.PaymentId, clock.GetUtcNow()))
            {
                db.AddPaidAfterCancelEvent(order);
                LogPaidAfterCancel(logger, order.Id, @event.PaymentId);
            }
            else
            {
                OrderSaga.LogIgnored(logger, nameof(PaymentSucceeded), order.Id, OrderWire.Of(order.Status));
            }

            return;
        }

        if (order is not null && order.PaymentId is { } paid && paid != @event.PaymentId)
        {
            // A second successful charge of one order: Payments allows one per order, so this
            // should not happen; say so loudly rather than let it pass as a duplicate.
            LogSecondPayment(logger, order.Id, paid, @event.PaymentId);
        }

        await OrderSaga.ApplyAsync(
            db, logger, nameof(PaymentSucceeded), @event.OrderId, o => o.MarkPaid(@event.PaymentId, clock.GetUtcNow()), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} succeeded for order {OrderId} after it was cancelled: asking for a refund")]
    private static partial void LogPaidAfterCancel(ILogger logger, Guid orderId, Guid paymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId}, paid by {PaymentId}, was paid again by {SecondPaymentId}; refund the second payment")]
    private static partial void LogSecondPayment(ILogger logger, Guid orderId, Guid paymentId, Guid secondPaymentId);
}

/// <summary>A declined charge: the order stays payable, with the reason shown to its owner.</summary>
public sealed class PaymentFailedHandler(OrderingDb db, ILogger<PaymentFailedHandler> logger) : IEventHandler<PaymentFailed>
{
    public Task HandleAsync(PaymentFailed @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(
            db, logger, nameof(PaymentFailed), @event.OrderId, order => order.RecordPaymentFailure(@event.FailureCode, @event.FailureMessage, @event.FailedAt), cancellationToken);
}

/// <summary>
/// The money went back in full (after a cancel, an admin's refund, or the last return): the order
/// is refunded. Part of it (a return received, or an admin's partial refund) makes a delivered
/// order partially_refunded; before delivery a partial refund changes no status.
/// </summary>
public sealed class PaymentRefundedHandler(OrderingDb db, TimeProvider clock, ILogger<PaymentRefundedHandler> logger) : IEventHandler<PaymentRefunded>
{
    public Task HandleAsync(PaymentRefunded @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(
            db,
            logger,
            nameof(PaymentRefunded),
            @event.OrderId,
            order => @event.FullyRefunded
                ? order.MarkRefunded(@event.Amount, clock.GetUtcNow())
                : order.MarkPartiallyRefunded(@event.Amount, clock.GetUtcNow()),
            cancellationToken);
}
