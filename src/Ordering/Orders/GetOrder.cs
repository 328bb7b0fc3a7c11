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
            .AllowAnonymous()
            .WithName("GetOrder")
            .WithSummary("An order with its status history, shipment, last payment error and cancellation reason (owner or admin)");
        return group;
    }

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ChallengeHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, HttpContext http, OrderingDb db, CancellationToken cancellationToken)
    {
        // Anonymous only for a guest's Order-Token: no credentials at all, or a bearer token that
        // failed, is 401 as on every other order route.
        var authenticated = principal.Identity?.IsAuthenticated == true;
        if (!authenticated && (http.Request.Headers.Authorization.Count > 0 || http.Request.Headers[GuestOrders.OrderTokenHeader].Count == 0))
        {
            return TypedResults.Challenge();
        }

        var order = await db.Orders.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is not null && (authenticated ? principal.MaySee(order) : GuestOrders.TokenOpens(http, order))
            ? TypedResults.Ok(OrderResponse.From(order))
            : OrderProblems.NotFound();
    }
}
