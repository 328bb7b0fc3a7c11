using Bazaar.Inventory.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

public static class ListLowStock
{
    public sealed record Item(Guid ProductId, int OnHand, int Reserved, int Available, int LowStockThreshold, StockStatus StockStatus);

    public static RouteGroupBuilder MapListLowStock(this RouteGroupBuilder group)
    {
        group.MapGet("/low-stock", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ListLowStock")
            .WithSummary("Products at or under their low-stock threshold, emptiest first (admin)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<Item>>, ValidationProblem>> HandleAsync(
        InventoryDb db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var paging, out var problem))
        {
            return problem;
        }

        var low = db.StockItems
            .GroupBy(s => s.ProductId)
            .Select(g => new
            {
                ProductId = g.Key,
                OnHand = g.Sum(s => s.OnHand),
                Reserved = g.Sum(s => s.Reserved),
                Threshold = g.Sum(s => s.LowStockThreshold),
            })
            .Where(p => p.OnHand - p.Reserved <= p.Threshold);
        var total = await low.CountAsync(cancellationToken);
        var rows = await low
            .OrderBy(p => p.OnHand - p.Reserved)
            .ThenBy(p => p.ProductId)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        var items = rows
            .Select(r => new StockLevels(r.OnHand, r.Reserved, r.Threshold))
            .Zip(rows, (levels, r) => new Item(r.ProductId, levels.OnHand, levels.Reserved, levels.Available, levels.LowStockThreshold, levels.Status))
            .ToList();
        return TypedResults.Ok(PagedList<Item>.Create(items, paging, total));
    }
}
