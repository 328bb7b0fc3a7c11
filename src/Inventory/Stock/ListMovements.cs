using Bazaar.Inventory.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

/// <summary>
/// Not in the contract's table (its report sums movements): a product's ledger line by line, so an
/// operator can see who moved what and why.
/// </summary>
public static class ListMovements
{
    public sealed record Item(long Id, MovementType Type, Guid WarehouseId, int Quantity, Guid? OrderId, string? Reason, DateTimeOffset At);

    public static RouteGroupBuilder MapListMovements(this RouteGroupBuilder group)
    {
        group.MapGet("/{productId:guid}/movements", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ListStockMovements")
            .WithSummary("A product's stock movements, newest first, with the reason of manual changes (admin)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<Item>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid productId, int? page, int? pageSize, InventoryDb db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var paging, out var problem))
        {
            return problem;
        }

        if (!await db.StockItems.AnyAsync(s => s.ProductId == productId, cancellationToken))
        {
            return InventoryProblems.ProductNotFound(productId);
        }

        var movements = db.Movements.AsNoTracking().Where(m => m.ProductId == productId);
        var total = await movements.CountAsync(cancellationToken);
        var items = await movements
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new Item(m.Id, m.Type, m.WarehouseId, m.Quantity, m.OrderId, m.Reason, m.At))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<Item>.Create(items, paging, total));
    }
}
