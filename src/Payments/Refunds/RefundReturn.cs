using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Refunds;

/// <summary>
/// A return was received: part of the order's charge is refunded, once per return. The refund
/// transaction takes the return's id as its own (and so as the provider's idempotency key): with
/// the payment locked, a return already refunded is seen and skipped, and two deliveries racing
/// past that check could not both insert it. The refund is reserved here, in the event's
/// transaction, and sent by the worker, which emits PaymentRefunded (fully refunded when nothing
/// is left), on which Ordering moves the order to partially_refunded or refunded.
/// </summary>
public sealed partial class RefundReturn(PaymentsDb db, Refunding refunding, TimeProvider clock, ILogger<RefundReturn> logger)
    : IEventHandler<ReturnReceived>
{
    public const string RefundReason = "return";

    public async Task HandleAsync(ReturnReceived @event, EventContext context, CancellationToken cancellationToken)
    {
        if (@event.Amount <= 0)
        {
            return;
        }

        var payment = await db.LockChargedPaymentAsync(@event.OrderId, cancellationToken);
        if (payment is null)
        {
            LogNothingCharged(logger, @event.OrderId, @event.ReturnId);
            return;
        }

        if (await db.Transactions.AnyAsync(t => t.Id == @event.ReturnId, cancellationToken))
        {
            LogAlreadyRefunded(logger, @event.ReturnId, payment.Id);
            return;
        }

        var now = clock.GetUtcNow();
        var plan = await refunding.PlanAsync(payment, @event.Amount, RefundReason, now, cancellationToken, @event.ReturnId);
        if (plan.Status == RefundPlanStatus.TooMuch)
        {
            // Less is left than the return is worth (an admin refunded part by hand): what is left goes back.
            plan = await refunding.PlanAsync(payment, plan.Remaining, RefundReason, now, cancellationToken, @event.ReturnId);
        }

        LogRefundPlanned(logger, @event.ReturnId, payment.Id, @event.Amount, plan.Status, plan.Refund?.Amount ?? 0m);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Return {ReturnId} of order {OrderId} was received, but no charge of the order succeeded here: nothing to refund")]
    private static partial void LogNothingCharged(ILogger logger, Guid orderId, Guid returnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} is already refunded on payment {PaymentId}: a repeated event, ignored")]
    private static partial void LogAlreadyRefunded(ILogger logger, Guid returnId, Guid paymentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} worth {Amount}: refund of payment {PaymentId} {Plan} ({Refunded} reserved)")]
    private static partial void LogRefundPlanned(ILogger logger, Guid returnId, Guid paymentId, decimal amount, RefundPlanStatus plan, decimal refunded);
}
