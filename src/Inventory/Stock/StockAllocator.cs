using Bazaar.Contracts;

namespace Bazaar.Inventory.Stock;

/// <summary>What a warehouse row holds at the moment of allocating (under its lock).</summary>
public readonly record struct StockSnapshot(Guid ProductId, Guid WarehouseId, int OnHand, int Reserved)
{
    public int Available => OnHand - Reserved;
}

/// <summary>Units of a product to take from one warehouse.</summary>
public sealed record Allocation(Guid ProductId, Guid WarehouseId, int Quantity);

/// <summary>A product of which fewer units are available than asked for.</summary>
public sealed record Shortage(Guid ProductId, int Requested, int Available);

public sealed record AllocationResult(IReadOnlyList<Allocation> Allocations, IReadOnlyList<Shortage> Shortages)
{
    public bool Succeeded => Shortages.Count == 0;
}

/// <summary>
/// The reservation arithmetic: all lines or none. Pure, so that it is tested without a database;
/// the caller holds the stock rows' locks while it runs and while it applies the result.
/// </summary>
public static class StockAllocator
{
    /// <summary>One line per product (repeated products summed), in product order; lines of no units are dropped.</summary>
    public static IReadOnlyList<StockLine> Normalize(IEnumerable<StockLine> lines) =>
        lines.Where(l => l.Quantity > 0)
            .GroupBy(l => l.ProductId)
            .Select(g => new StockLine(g.Key, (int)Math.Min(int.MaxValue, g.Sum(l => (long)l.Quantity))))
            .OrderBy(l => l.ProductId)
            .ToList();

    /// <summary>
    /// Takes each product's units from its warehouses, the preferred one first, then the others in
    /// id order. Any shortage means no allocation at all, and every short product is listed.
    /// </summary>
    public static AllocationResult Allocate(IEnumerable<StockLine> lines, IEnumerable<StockSnapshot> stock, Guid preferredWarehouse)
    {
        var byProduct = stock.ToLookup(s => s.ProductId);
        var allocations = new List<Allocation>();
        var shortages = new List<Shortage>();
        foreach (var line in Normalize(lines))
        {
            var rows = byProduct[line.ProductId]
                .OrderBy(s => s.WarehouseId == preferredWarehouse ? 0 : 1)
                .ThenBy(s => s.WarehouseId)
                .ToList();
            var available = (int)Math.Min(int.MaxValue, rows.Sum(r => (long)Math.Max(0, r.Available)));
            if (available < line.Quantity)
            {
                shortages.Add(new Shortage(line.ProductId, line.Quantity, available));
                continue;
            }

            var remaining = line.Quantity;
            foreach (var row in rows.Where(r => r.Available > 0))
            {
                var take = Math.Min(remaining, row.Available);
                allocations.Add(new Allocation(line.ProductId, row.WarehouseId, take));
                remaining -= take;
                if (remaining == 0)
                {
                    break;
                }
            }
        }

        return shortages.Count > 0 ? new AllocationResult([], shortages) : new AllocationResult(allocations, []);
    }
}
