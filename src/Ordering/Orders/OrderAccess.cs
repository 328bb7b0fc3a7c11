using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Ordering.Orders;

internal static class OrderAccess
{
    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(Roles.Admin);

    /// <summary>Owner or admin; anyone else is told the order does not exist.</summary>
    public static bool MaySee(this ClaimsPrincipal principal, Order order) =>
        principal.IsAdmin() || (principal.UserId() is { } userId && userId == order.UserId);

    /// <summary>The order with its lines and history, tracked for a change.</summary>
    public static Task<Order?> FindOrderAsync(this OrderingDb db, Guid id, CancellationToken cancellationToken) =>
        db.Orders.AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    /// <summary>
    /// Loads, decides and saves; when another transition of the same order was saved in between
    /// (its xmin moved), decides again on the fresh order, so the loser of a race is judged against
    /// the winner's outcome instead of overwriting it.
    /// </summary>
    public static async Task<TResult> ChangeAsync<TResult>(this OrderingDb db, Func<Task<(TResult Result, bool Save)>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var (result, save) = await decide();
            if (!save)
            {
                return result;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < 3 && IsLostRace(ex))
            {
                // Someone else moved the order first: look again.
            }
        }
    }

    /// <summary>
    /// Another transition of the order was saved first: its xmin moved (the UPDATE matched no row),
    /// or its history row took the sequence number this one was about to insert.
    /// </summary>
    public static bool IsLostRace(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_order_status_history" };
}

internal static class OrderProblems
{
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Order not found",
        detail: "There is no such order.");

    public static ProblemHttpResult IllegalTransition(OrderStatus from, string to) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Illegal status transition",
        detail: $"An order that is {OrderWire.Of(from)} cannot become {to}.",
        extensions: new Dictionary<string, object?> { ["currentStatus"] = OrderWire.Of(from), ["allowedStatuses"] = OrderTransitions.From(from).Select(OrderWire.Of).ToList() });

    public static ProblemHttpResult NotAUser() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Not a user",
        detail: "Orders belong to users; this token names none.");
}
