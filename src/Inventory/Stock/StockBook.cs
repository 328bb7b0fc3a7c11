using Bazaar.Contracts.Inventory;
using Bazaar.Inventory.Alerts;
using Bazaar.Inventory.Data;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

/// <summary>
/// The stock rows of some products, locked for the current transaction, and their levels as they
/// were when locked: what changed is told to the others once the work is done.
/// </summary>
public sealed class StockSheet(IReadOnlyCollection<Guid> productIds, List<StockItem> items)
{
    private readonly Dictionary<Guid, StockLevels?> before = productIds.Distinct().ToDictionary(
        id => id,
        id => items.Any(i => i.ProductId == id) ? StockLevels.Of(items.Where(i => i.ProductId == id)) : (StockLevels?)null);

    public IReadOnlyList<StockItem> Items => items;

    public IEnumerable<Guid> ProductIds => before.Keys;

    public bool Knows(Guid productId) => items.Any(i => i.ProductId == productId);

    public StockItem? Find(Guid productId, Guid warehouseId) => items.Find(i => i.ProductId == productId && i.WarehouseId == warehouseId);

    public IEnumerable<StockSnapshot> Snapshots => items.Select(i => new StockSnapshot(i.ProductId, i.WarehouseId, i.OnHand, i.Reserved));

    public StockLevels? LevelsBefore(Guid productId) => before.GetValueOrDefault(productId);

    public StockLevels Levels(Guid productId) => StockLevels.Of(items.Where(i => i.ProductId == productId));

    internal void Add(StockItem item) => items.Add(item);
}

/// <summary>
/// Every change of stock goes through here: lock the rows, change them, write the ledger, then
/// <see cref="PublishChangesAsync"/> (StockLevelChanged, LowStockDetected) into the same transaction.
/// </summary>
public sealed class StockBook(InventoryDb db, TimeProvider clock)
{
    /// <summary>
    /// Locks every warehouse row of these products in (product, warehouse) order. Every writer
    /// locks in that one order, so two writers never wait on each other in a cycle; and each
    /// reads the levels only once it holds the locks, so no read-then-write race is possible.
    /// Must run inside a transaction.
    /// </summary>
    public async Task<StockSheet> LockAsync(IEnumerable<Guid> productIds, CancellationToken cancellationToken)
    {
        var ids = productIds.Distinct().Order().ToArray();
        var items = ids.Length == 0
            ? []
            : await db.StockItems
                .FromSql($"SELECT * FROM stock_items WHERE product_id = ANY({ids}) ORDER BY product_id, warehouse_id FOR UPDATE")
                .ToListAsync(cancellationToken);
        return new StockSheet(ids, items);
    }

    /// <summary>A new row (a product's first stock, or a product in another warehouse).</summary>
    public void Add(StockSheet sheet, StockItem item)
    {
        sheet.Add(item);
        db.StockItems.Add(item);
    }

    public void Record(MovementType type, StockItem item, int quantity, Guid? orderId = null, string? reason = null) =>
        db.Movements.Add(StockMovement.Of(type, item, quantity, orderId, clock.GetUtcNow(), reason));

    /// <summary>
    /// StockLevelChanged for each product of the sheet whose levels changed, and LowStockDetected
    /// when one just crossed its threshold downwards (once: a flag row remembers it until the
    /// product rises above the threshold again); BackInStock for each alert of a product whose
    /// available stock went from zero to positive. Added to the outbox of the caller's transaction.
    /// </summary>
    public async Task PublishChangesAsync(StockSheet sheet, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = sheet.ProductIds
            .Where(sheet.Knows)
            .Select(id => (Id: id, Levels: sheet.Levels(id)))
            .Where(p => sheet.LevelsBefore(p.Id) != p.Levels)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var ids = changed.Select(p => p.Id).ToList();
        var flags = await db.LowStockFlags.Where(f => ids.Contains(f.ProductId)).ToDictionaryAsync(f => f.ProductId, cancellationToken);
        foreach (var (productId, levels) in changed)
        {
            db.AddEvent(new StockLevelChanged(productId, levels.OnHand, levels.Reserved, levels.Available, levels.StatusName, now));
            switch (levels.Evaluate(flags.ContainsKey(productId)))
            {
                case LowStockChange.Raise:
                    db.LowStockFlags.Add(new LowStockFlag { ProductId = productId, FlaggedAt = now });
                    db.AddEvent(new LowStockDetected(productId, levels.Available, levels.LowStockThreshold, now));
                    break;
                case LowStockChange.Clear:
                    db.LowStockFlags.Remove(flags[productId]);
                    break;
            }
        }

        var restocked = changed
            .Where(p => BackInStockAlerts.CameBack(sheet.LevelsBefore(p.Id), p.Levels))
            .Select(p => (p.Id, p.Levels.Available))
            .ToList();
        await BackInStockAlerts.FireAsync(db, restocked, now, cancellationToken);
    }
}
