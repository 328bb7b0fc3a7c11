using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Payments;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Ordering.Orders;

/// <summary>
/// Saga step 5: cancel before shipping. OrderCancelled tells Inventory to release (or return) the
/// stock and Payments to stop charging, or to refund when the order was paid. An order not yet paid
/// is first closed to payment in Payments (<see cref="PaymentClosing"/>), so no charge starts after
/// the cancel is answered; while a charge is under way the cancel answers 409.
/// </summary>
public static partial class CancelOrder
{
    public static RouteGroupBuilder MapCancelOrder(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/cancel", HandleAsync)
            .WithName("CancelOrder")
            .WithSummary("Cancel an order before it ships (owner or admin); a paid order is refunded; 409 once shipped or already cancelled");
        return group;
    }

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, OrderingDb db, PaymentClosing payments, TimeProvider clock, ILogger<Order> logger, CancellationToken cancellationToken)
    {
        return await db.ChangeAsync<Results<Ok<OrderResponse>, ProblemHttpResult>>(
            async () =>
            {
                var order = await db.FindOrderAsync(id, cancellationToken);
                if (order is null || !principal.MaySee(order))
                {
                    return (OrderProblems.NotFound(), false);
                }

                var from = order.Status;
                var reason = principal.UserId() == order.UserId ? CancellationReason.CustomerRequest : CancellationReason.Admin;
                if (await payments.CloseAsync(order, reason, cancellationToken) is { } refused)
                {
                    return (refused, false);
                }

                if (!order.Cancel(reason, clock.GetUtcNow()))
                {
                    return (TypedResults.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: "The order cannot be cancelled",
                        detail: $"An order that is {OrderWire.Of(from)} can no longer be cancelled; only orders not yet shipped can."), false);
                }

                db.AddTransitionEvents(order, from);
                db.AuditStatusChange(principal, order, from);
                LogCancelled(logger, order.Id, OrderWire.Of(from), OrderWire.Of(reason), order.WasPaid);
                return (TypedResults.Ok(OrderResponse.From(order)), true);
            },
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} cancelled from {From} ({Reason}); was paid: {WasPaid}")]
    private static partial void LogCancelled(ILogger logger, Guid orderId, string from, string reason, bool wasPaid);
}
