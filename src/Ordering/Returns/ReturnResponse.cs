using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Returns;

public sealed record ReturnItemResponse(Guid ProductId, Guid? VariantId, int Quantity, string Reason, decimal? RefundAmount);

/// <summary>A return as the contract shows it, the same from POST, GET, the list and the status change.</summary>
public sealed record ReturnResponse(
    Guid Id,
    Guid OrderId,
    Guid UserId,
    ReturnStatus Status,
    IReadOnlyList<ReturnItemResponse> Items,
    decimal? RefundAmount,
    decimal ShippingRefund,
    string Currency,
    bool Restock,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReceivedAt)
{
    public static ReturnResponse From(OrderReturn r) => new(
        r.Id,
        r.OrderId,
        r.UserId,
        r.Status,
        [.. r.Items.OrderBy(i => i.Line).Select(i => new ReturnItemResponse(i.ProductId, i.VariantId, i.Quantity, i.Reason, i.RefundAmount))],
        r.RefundAmount,
        r.ShippingRefund,
        r.Currency,
        r.Restock,
        r.CreatedAt,
        r.UpdatedAt,
        r.ReceivedAt);
}

internal static class ReturnAccess
{
    /// <summary>
    /// Inside a transaction: locks the order's row, so that the returns of one order are requested
    /// and received one at a time (what may still be returned, and what was refunded, are read after it).
    /// </summary>
    public static async Task<bool> LockOrderAsync(this OrderingDb db, Guid orderId, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM orders WHERE id = {orderId} FOR UPDATE").AnyAsync(cancellationToken);

    /// <summary>In one transaction (retried as the database's execution strategy says): the work, then its save.</summary>
    public static Task<TResult> InTransactionAsync<TResult>(this OrderingDb db, Func<CancellationToken, Task<(TResult Result, bool Save)>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var (result, save) = await work(ct);
                if (save)
                {
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                }

                return result;
            },
            cancellationToken);

    public static bool MaySee(this ClaimsPrincipal principal, OrderReturn request) =>
        principal.IsAdmin() || (principal.UserId() is { } userId && userId == request.UserId);
}

internal static class ReturnProblems
{
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Return not found",
        detail: "There is no such return.");

    public static ProblemHttpResult Refused(string title, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        detail: detail);

    public static ProblemHttpResult IllegalTransition(ReturnStatus from, ReturnStatus to) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Illegal status transition",
        detail: $"A return that is {OrderWire.Of(from)} cannot become {OrderWire.Of(to)}.",
        extensions: new Dictionary<string, object?> { ["currentStatus"] = OrderWire.Of(from), ["allowedStatuses"] = OrderReturn.From(from).Select(OrderWire.Of).ToList() });
}
