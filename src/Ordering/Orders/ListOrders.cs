using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Orders;

/// <summary>Orders newest first: mine, everyone's (admin), or one user's (that user or an admin).</summary>
public static class ListOrders
{
    public static RouteGroupBuilder MapListOrders(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .WithName("ListOrders")
            .WithSummary("My orders, newest first; an admin sees everyone's and may filter by userId");
        group.MapGet("/user/{userId:guid}", ListForUserAsync)
            .WithName("ListUserOrders")
            .WithSummary("One user's orders, newest first (that user or an admin; 404 for anyone else)");
        return group;
    }

    /// <param name="userId">Admins only; for anyone else the list is always their own.</param>
    internal static async Task<Results<Ok<PagedList<OrderResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? status, int? page, int? pageSize, Guid? userId, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        var owner = principal.IsAdmin() ? userId : principal.UserId();
        if (owner is null && !principal.IsAdmin())
        {
            return OrderProblems.NotAUser();
        }

        return await PageAsync(db, owner, status, page, pageSize, cancellationToken);
    }

    internal static async Task<Results<Ok<PagedList<OrderResponse>>, ValidationProblem, ProblemHttpResult>> ListForUserAsync(
        Guid userId, string? status, int? page, int? pageSize, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        if (!principal.IsAdmin() && principal.UserId() != userId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "User not found",
                detail: "There is no such user among the ones you may see.");
        }

        return await PageAsync(db, userId, status, page, pageSize, cancellationToken);
    }

    private static async Task<Results<Ok<PagedList<OrderResponse>>, ValidationProblem, ProblemHttpResult>> PageAsync(
        OrderingDb db, Guid? userId, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var request = PageRequest.Read(page, pageSize, errors);
        OrderStatus? wanted = null;
        if (status is not null && (wanted = OrderWire.Parse<OrderStatus>(status)) is null)
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetValues<OrderStatus>().Select(OrderWire.Of))}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The query is not valid");
        }

        var query = db.Orders.AsNoTracking();
        if (userId is { } owner)
        {
            query = query.Where(o => o.UserId == owner);
        }

        if (wanted is { } only)
        {
            query = query.Where(o => o.Status == only);
        }

        var total = await query.CountAsync(cancellationToken);
        var orders = await query
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(request.Skip).Take(request.PageSize)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<OrderResponse>.Create([.. orders.Select(OrderResponse.From)], request, total));
    }
}
