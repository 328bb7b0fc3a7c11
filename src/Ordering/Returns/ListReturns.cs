using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Returns;

/// <summary>Returns newest first (an admin's queue: everyone's; anyone else's: their own), and one return.</summary>
public static class ListReturns
{
    public static RouteGroupBuilder MapListReturns(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .WithName("ListReturns")
            .WithSummary("Returns, newest first, paged, optionally of one status: an admin sees all, anyone else their own");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetReturn")
            .WithSummary("One return (its owner or an admin; 404 for anyone else)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<ReturnResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? status, int? page, int? pageSize, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        var owner = principal.IsAdmin() ? null : principal.UserId();
        if (owner is null && !principal.IsAdmin())
        {
            return OrderProblems.NotAUser();
        }

        var errors = new Dictionary<string, string[]>();
        var request = PageRequest.Read(page, pageSize, errors);
        ReturnStatus? wanted = null;
        if (status is not null && (wanted = OrderWire.Parse<ReturnStatus>(status)) is null)
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetValues<ReturnStatus>().Select(OrderWire.Of))}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The query is not valid");
        }

        var query = db.Returns.AsNoTracking();
        if (owner is { } userId)
        {
            query = query.Where(r => r.UserId == userId);
        }

        if (wanted is { } only)
        {
            query = query.Where(r => r.Status == only);
        }

        var total = await query.CountAsync(cancellationToken);
        var returns = request.IsPastEnd(total)
            ? []
            : await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(request.Skip).Take(request.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<ReturnResponse>.Create([.. returns.Select(ReturnResponse.From)], request, total));
    }

    internal static async Task<Results<Ok<ReturnResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return found is not null && principal.MaySee(found) ? TypedResults.Ok(ReturnResponse.From(found)) : ReturnProblems.NotFound();
    }
}
