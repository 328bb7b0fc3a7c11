using System.Security.Claims;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Returns;

/// <summary>
/// An admin decides a return: requested → approved | rejected, approved → received. Received
/// prices the refund (<see cref="ReturnRefund"/>) and publishes ReturnReceived through the outbox,
/// on which Payments refunds the order's charge and, with restock, Inventory puts the units back.
/// The order becomes partially_refunded or refunded when Payments says the refund succeeded.
/// </summary>
public static partial class ChangeReturnStatus
{
    public sealed record Request(string? Status, bool? Restock);

    private static readonly ReturnStatus[] Settable = [ReturnStatus.Approved, ReturnStatus.Rejected, ReturnStatus.Received];

    public static RouteGroupBuilder MapChangeReturnStatus(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}/status", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ChangeReturnStatus")
            .WithSummary("Decide a return (admin): requested→approved|rejected, approved→received (refunds the lines, restock puts them back in stock); 409 for any other move");
        return group;
    }

    internal static async Task<Results<Ok<ReturnResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, ClaimsPrincipal principal, OrderingDb db, TimeProvider clock, ILogger<OrderReturn> logger, CancellationToken cancellationToken)
    {
        if (OrderWire.Parse<ReturnStatus>(request.Status) is not { } target || !Settable.Contains(target))
        {
            return Problems.Invalid("status", $"status is required: one of {string.Join(", ", Settable.Select(OrderWire.Of))}.", "The status change is not valid");
        }

        if (request.Restock is not null && target != ReturnStatus.Received)
        {
            return Problems.Invalid("restock", "restock goes with status received only.", "The status change is not valid");
        }

        return await db.InTransactionAsync<Results<Ok<ReturnResponse>, ValidationProblem, ProblemHttpResult>>(
            async ct =>
            {
                var orderId = await db.Returns.Where(r => r.Id == id).Select(r => (Guid?)r.OrderId).FirstOrDefaultAsync(ct);
                if (orderId is null || !await db.LockOrderAsync(orderId.Value, ct))
                {
                    return (ReturnProblems.NotFound(), false);
                }

                // Read after the order's lock: a decision on another return of it has committed.
                var decided = await db.Returns.FirstAsync(r => r.Id == id, ct);
                var (from, now) = (decided.Status, clock.GetUtcNow());
                var moved = target switch
                {
                    ReturnStatus.Approved => decided.Approve(now),
                    ReturnStatus.Rejected => decided.Reject(now),
                    _ => decided.CanMoveTo(ReturnStatus.Received) && await ReceiveAsync(db, decided, request.Restock ?? false, now, ct),
                };
                if (!moved)
                {
                    return (ReturnProblems.IllegalTransition(from, target), false);
                }

                db.Audit(principal, "return", decided.Id, "status_changed", new { Status = OrderWire.Of(from) }, new { Status = OrderWire.Of(decided.Status), decided.OrderId, decided.RefundAmount, decided.Restock });
                LogDecided(logger, decided.Id, OrderWire.Of(from), OrderWire.Of(decided.Status), decided.RefundAmount);
                return (TypedResults.Ok(ReturnResponse.From(decided)), true);
            },
            cancellationToken);
    }

    private static async Task<bool> ReceiveAsync(OrderingDb db, OrderReturn received, bool restock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().AsSplitQuery().FirstAsync(o => o.Id == received.OrderId, cancellationToken);
        var before = await db.Returns.AsNoTracking()
            .Where(r => r.OrderId == received.OrderId && r.Id != received.Id && r.Status == ReturnStatus.Received)
            .ToListAsync(cancellationToken);
        var refund = ReturnRefund.Of(order, [.. received.Items.OrderBy(i => i.Line)], before);
        if (!received.Receive(refund, restock, now))
        {
            return false;
        }

        db.AddEvent(new ReturnReceived(
            received.Id,
            received.OrderId,
            received.UserId,
            received.RefundAmount!.Value,
            received.Currency,
            [.. received.Items.OrderBy(i => i.Line).Select(i => new ReturnedLine(i.ProductId, i.VariantId, i.Quantity, i.RefundAmount!.Value))],
            restock,
            received.ReceivedAt!.Value));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} moved from {From} to {To} by an admin (refund {Amount})")]
    private static partial void LogDecided(ILogger logger, Guid returnId, string from, string to, decimal? amount);
}
