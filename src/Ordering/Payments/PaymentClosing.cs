using Bazaar.Ordering.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Ordering.Payments;

/// <summary>
/// A person's cancellation (the owner's or an admin's) of an order that is not paid asks Payments
/// first to close the order to payment: Payments decides under the lock a charge takes to start,
/// so either a charge started first and the cancel is refused (409, try again once it has an
/// outcome), or the order is closed and no charge can start after the cancel was answered.
/// The saga's own cancellations (no stock, reservation expired) do not ask: a charge racing them
/// is refunded, as before.
/// </summary>
public sealed partial class PaymentClosing(PaymentsClient payments, ILogger<PaymentClosing> logger)
{
    /// <summary>Null when the order may be cancelled now; otherwise the problem to answer.</summary>
    public async Task<ProblemHttpResult?> CloseAsync(Order order, CancellationReason reason, CancellationToken cancellationToken)
    {
        if (order.Status is not (OrderStatus.Pending or OrderStatus.AwaitingPayment) || order.WasPaid)
        {
            return null; // paid already (a cancel refunds it), or past cancelling: the state machine answers
        }

        PaymentWindow window;
        try
        {
            window = await payments.CloseAsync(order.Id, order.UserId, OrderWire.Of(reason), cancellationToken);
        }
        catch (PaymentsUnavailableException ex)
        {
            LogUnavailable(logger, ex, order.Id);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The order cannot be cancelled right now",
                detail: "Payments could not confirm that no charge of this order is under way; try again shortly.");
        }

        return window switch
        {
            PaymentWindow.Closed => null,
            PaymentWindow.PaymentUnderWay => Conflict("A payment of this order is under way. Once it has an outcome the order can be cancelled (a paid order is refunded)."),
            _ => Conflict("The order has just been paid. Cancel it again in a moment and the payment is refunded."),
        };
    }

    private static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The order cannot be cancelled right now",
        detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} not cancelled: Payments could not be asked to close it to payment")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, Guid orderId);
}
