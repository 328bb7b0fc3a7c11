using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Orders;

/// <summary>What closing an order to payment found.</summary>
public enum CloseOutcome
{
    /// <summary>Nothing was charged or is being charged, and nothing can start now.</summary>
    Closed,

    /// <summary>A charge is with the provider (pending): its outcome is not known yet.</summary>
    PaymentUnderWay,

    /// <summary>A charge succeeded, though Ordering may not have heard of it yet.</summary>
    Paid,
}

/// <summary>
/// Ordering asks here, with its service token, before it cancels an order that is not paid: the
/// order is closed to payment in the same row lock a charge takes to start (<see
/// cref="Charging.TryStartAsync"/>), so either the charge started first and the cancel is refused,
/// or the cancel closed the order first and no charge can start. Payments' own copy of the order,
/// fed by events that may still be on their way, cannot decide this alone: a charge started from
/// it after the owner's cancel was answered.
/// </summary>
public static partial class CloseOrder
{
    public const int MaxReasonLength = 64;

    public sealed record Request(Guid? UserId, string? Reason);

    public sealed record Response(Guid OrderId, string Outcome);

    public static RouteGroupBuilder MapCloseOrder(this RouteGroupBuilder group)
    {
        group.MapPost("/{orderId:guid}/close", HandleAsync)
            .RequireAuthorization(Policies.Service)
            .WithName("CloseOrderToPayment")
            .WithSummary("Before Ordering cancels an unpaid order: 200 closed (no charge can start any more), 409 when a charge is under way or made (service token)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid orderId, Request request, PaymentsDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (request.UserId is not { } userId || userId == Guid.Empty)
        {
            errors["userId"] = ["userId (the order's owner) is required."];
            userId = Guid.Empty;
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            errors["reason"] = [$"reason is required, at most {MaxReasonLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The close request is not valid");
        }

        var outcome = await CloseAsync(db, orderId, userId, reason!, clock, cancellationToken);
        LogClosed(loggers.CreateLogger(typeof(CloseOrder)), orderId, outcome);
        return outcome switch
        {
            CloseOutcome.Closed => TypedResults.Ok(new Response(orderId, "closed")),
            CloseOutcome.PaymentUnderWay => Refused(orderId, "payment_under_way", "A charge of this order is with the payment provider; its outcome is not known yet."),
            _ => Refused(orderId, "paid", "The order has been paid."),
        };
    }

    /// <summary>Closes the order to payment unless a charge is under way or made; safe to repeat.</summary>
    public static async Task<CloseOutcome> CloseAsync(PaymentsDb db, Guid orderId, Guid userId, string reason, TimeProvider clock, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(ct => CloseOnceAsync(db, orderId, userId, reason, clock, ct), cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < 3 && PaymentAccess.IsUniqueViolation(ex, "pk_payable_orders"))
            {
                // OrderAwaitingPayment inserted the order between our look and our insert: look again, locking it.
            }
        }
    }

    private static async Task<CloseOutcome> CloseOnceAsync(PaymentsDb db, Guid orderId, Guid userId, string reason, TimeProvider clock, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The lock order of every writer here: charge request, then order, then payment. FOR UPDATE on
        // the order waits for a start that holds it FOR SHARE, so the look at payments below sees its
        // pending payment.
        var request = await db.LockChargeRequestAsync(orderId, cancellationToken);
        var order = (await db.Orders.FromSql($"SELECT * FROM payable_orders WHERE order_id = {orderId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
        var live = await db.LivePaymentStatusAsync(orderId, cancellationToken);
        if (live is not null)
        {
            return live == PaymentStatus.Pending ? CloseOutcome.PaymentUnderWay : CloseOutcome.Paid;
        }

        request?.SkipCancelled(now);

        if (order is null)
        {
            db.Orders.Add(PayableOrder.CancelledUnseen(orderId, userId, reason, now, now));
        }
        else if (order.State != OrderState.Cancelled)
        {
            order.Cancel(reason, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CloseOutcome.Closed;
    }

    private static ProblemHttpResult Refused(Guid orderId, string outcome, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The order is not closed to payment",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["orderId"] = orderId, ["outcome"] = outcome });

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} asked to close to payment: {Outcome}")]
    private static partial void LogClosed(ILogger logger, Guid orderId, CloseOutcome outcome);
}
