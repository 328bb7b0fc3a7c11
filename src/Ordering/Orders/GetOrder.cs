using System.Security.Claims;
using Bazaar.Ordering.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Orders;

public static class GetOrder
{
    public static RouteGroupBuilder MapGetOrder(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetOrder")
            .WithSummary("An order with its status history, shipment, last payment error and cancellation reason (owner or admin)");
        return group;
    }

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is not null && principal.MaySee(order)
            ? TypedResults.Ok(OrderResponse.From(order))
            : OrderProblems.NotFound();
    }
}
