using System.Security.Claims;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Orders;

public enum OrderPaymentStatus
{
    Unpaid,
    Pending,
    Paid,
    PartiallyRefunded,
    Refunded,
}

public static class GetOrderPayments
{
    /// <param name="WhyNotPayable">Null when <paramref name="Payable"/>.</param>
    public sealed record Response(
        Guid OrderId,
        Guid UserId,
        decimal Amount,
        string Currency,
        OrderState OrderStatus,
        DateTimeOffset ReservedUntil,
        OrderPaymentStatus PaymentStatus,
        bool Payable,
        string? WhyNotPayable,
        IReadOnlyList<PaymentResponse> Payments);

    public static RouteGroupBuilder MapGetOrderPayments(this RouteGroupBuilder group)
    {
        group.MapGet("/order/{orderId:guid}", HandleAsync)
            .RequireAuthorization()
            .WithName("GetOrderPayments")
            .WithSummary("An order's payments, newest first, and its payment status (owner or admin)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        Guid orderId, ClaimsPrincipal principal, PaymentsDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null || !principal.MaySee(order.UserId))
        {
            return PaymentProblems.OrderNotFound();
        }

        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .ToListAsync(cancellationToken);
        var live = payments.FirstOrDefault(p => p.Status != PaymentStatus.Failed);
        var status = live?.Status switch
        {
            PaymentStatus.Pending => OrderPaymentStatus.Pending,
            PaymentStatus.Succeeded => OrderPaymentStatus.Paid,
            PaymentStatus.PartiallyRefunded => OrderPaymentStatus.PartiallyRefunded,
            PaymentStatus.Refunded => OrderPaymentStatus.Refunded,
            _ => OrderPaymentStatus.Unpaid,
        };
        var why = order.WhyNotPayable(clock.GetUtcNow())
            ?? (status == OrderPaymentStatus.Pending ? "A payment is under way." : status != OrderPaymentStatus.Unpaid ? "The order is already paid." : null);
        return TypedResults.Ok(new Response(
            order.OrderId, order.UserId, order.Total, order.Currency, order.State, order.ReservedUntil, status, why is null, why, [.. payments.Select(PaymentResponse.From)]));
    }
}
