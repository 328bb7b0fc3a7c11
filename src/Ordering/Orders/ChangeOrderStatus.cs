using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Payments;
using Bazaar.Ordering.Shipping;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Ordering.Orders;

/// <summary>
/// Saga step 6: an admin moves a paid order through fulfilment (processing, shipped, delivered) or
/// cancels it. Statuses the saga sets from events (awaiting_payment, paid, refunded) are not set by hand.
/// </summary>
public static partial class ChangeOrderStatus
{
    public const int MaxShipmentFieldLength = 100;

    public sealed record Request(string? Status, string? TrackingNumber, string? Carrier);

    public static RouteGroupBuilder MapChangeOrderStatus(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}/status", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ChangeOrderStatus")
            .WithSummary("Move an order on (admin): paid→processing→shipped (shipment recorded; a tracking number is assigned when none is given)→delivered, or cancelled; 409 for any other move");
        group.MapPatch("/{id:guid}", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("PatchOrder")
            .WithSummary("The same as PUT /api/orders/{id}/status (admin)");
        return group;
    }

    internal static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        Request request,
        ClaimsPrincipal principal,
        OrderingDb db,
        ICarrier carrier,
        PaymentClosing payments,
        TimeProvider clock,
        ILogger<Order> logger,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request, out var target);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The status change is not valid");
        }

        return await db.ChangeAsync<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>>(
            async () =>
            {
                var order = await db.FindOrderAsync(id, cancellationToken);
                if (order is null)
                {
                    return (OrderProblems.NotFound(), false);
                }

                var from = order.Status;
                var now = clock.GetUtcNow();
                var reason = principal.UserId() == order.UserId ? CancellationReason.CustomerRequest : CancellationReason.Admin;
                if (target == OrderStatus.Cancelled && await payments.CloseAsync(order, reason, cancellationToken) is { } refused)
                {
                    return (refused, false);
                }

                var moved = target switch
                {
                    OrderStatus.Processing => order.StartProcessing(now),
                    OrderStatus.Shipped => order.CanMoveTo(OrderStatus.Shipped) && order.Ship(
                        request.Carrier?.Trim() ?? carrier.Name,
                        request.TrackingNumber?.Trim() ?? await carrier.AssignTrackingNumberAsync(order, cancellationToken),
                        now),
                    OrderStatus.Delivered => order.Deliver(now),
                    OrderStatus.Cancelled => order.Cancel(reason, now),
                    _ => false,
                };
                if (!moved)
                {
                    return (OrderProblems.IllegalTransition(from, OrderWire.Of(target)), false);
                }

                db.AddTransitionEvents(order, from);
                db.AuditStatusChange(principal, order, from);
                LogMoved(logger, order.Id, OrderWire.Of(from), OrderWire.Of(order.Status));
                return (TypedResults.Ok(OrderResponse.From(order)), true);
            },
            cancellationToken);
    }

    private static Dictionary<string, string[]> Validate(Request request, out OrderStatus target)
    {
        var errors = new Dictionary<string, string[]>();
        target = OrderStatus.Pending;
        if (OrderWire.Parse<OrderStatus>(request.Status) is { } status)
        {
            target = status;
        }
        else
        {
            errors["status"] = [$"status is required: one of {string.Join(", ", Enum.GetValues<OrderStatus>().Select(OrderWire.Of))}."];
        }

        foreach (var (field, value) in new[] { ("trackingNumber", request.TrackingNumber), ("carrier", request.Carrier) })
        {
            if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxShipmentFieldLength || value.Any(char.IsControl)))
            {
                errors[field] = [$"{field}, when given, must be 1 to {MaxShipmentFieldLength} characters."];
            }
        }

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} moved from {From} to {To} by an admin")]
    private static partial void LogMoved(ILogger logger, Guid orderId, string from, string to);
}
