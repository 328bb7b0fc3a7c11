using Bazaar.Inventory.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

public static class GetStock
{
    public sealed record WarehouseStock(Guid WarehouseId, string Name, int OnHand, int Reserved);

    /// <summary>The contract's shape, plus stockStatus (in_stock, low_stock, out_of_stock).</summary>
    public sealed record Response(
        Guid ProductId, int OnHand, int Reserved, int Available, int LowStockThreshold, StockStatus StockStatus, IReadOnlyList<WarehouseStock> Warehouses);

    public static RouteGroupBuilder MapGetStock(this RouteGroupBuilder group)
    {
        group.MapGet("/{productId:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("GetStock")
            .WithSummary("A product's stock: totals and per warehouse (anyone)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(Guid productId, InventoryDb db, CancellationToken cancellationToken) =>
        await LoadAsync(db, productId, cancellationToken) is { } stock ? TypedResults.Ok(stock) : InventoryProblems.ProductNotFound(productId);

    /// <summary>The product's stock as it is now, or null when the inventory does not know the product.</summary>
    internal static async Task<Response?> LoadAsync(InventoryDb db, Guid productId, CancellationToken cancellationToken)
    {
        var rows = await db.StockItems.AsNoTracking()
            .Where(s => s.ProductId == productId)
            .Join(db.Warehouses, s => s.WarehouseId, w => w.Id, (s, w) => new { Item = s, w.Name, w.IsDefault })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var levels = StockLevels.Of(rows.Select(r => r.Item));
        var warehouses = rows
            .OrderByDescending(r => r.IsDefault)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new WarehouseStock(r.Item.WarehouseId, r.Name, r.Item.OnHand, r.Item.Reserved))
            .ToList();
        return new Response(productId, levels.OnHand, levels.Reserved, levels.Available, levels.LowStockThreshold, levels.Status, warehouses);
    }
}
