using System.Text.Json;

namespace Bazaar.Inventory.Stock;

public enum StockStatus
{
    InStock,
    LowStock,
    OutOfStock,
}

public enum LowStockChange
{
    None,

    /// <summary>Available just went to or under the threshold: tell once, and remember it.</summary>
    Raise,

    /// <summary>Available rose above the threshold: the next fall is a new crossing.</summary>
    Clear,
}

/// <summary>
/// A product's levels summed over its warehouses. Its threshold is the sum of theirs, so with one
/// warehouse (the usual case) it is simply that warehouse's threshold.
/// </summary>
public readonly record struct StockLevels(int OnHand, int Reserved, int LowStockThreshold)
{
    public int Available => OnHand - Reserved;

    public bool IsLow => Available <= LowStockThreshold;

    public StockStatus Status => Available <= 0 ? StockStatus.OutOfStock : IsLow ? StockStatus.LowStock : StockStatus.InStock;

    /// <summary>The status as the events and the API spell it: in_stock, low_stock, out_of_stock.</summary>
    public string StatusName => JsonNamingPolicy.SnakeCaseLower.ConvertName(Status.ToString());

    public static StockLevels Of(IEnumerable<StockItem> items) =>
        items.Aggregate(default(StockLevels), (sum, i) => new StockLevels(sum.OnHand + i.OnHand, sum.Reserved + i.Reserved, sum.LowStockThreshold + i.LowStockThreshold));

    /// <summary>What to do with the product's low-stock flag now that its levels are these.</summary>
    public LowStockChange Evaluate(bool flagged) => (IsLow, flagged) switch
    {
        (true, false) => LowStockChange.Raise,
        (false, true) => LowStockChange.Clear,
        _ => LowStockChange.None,
    };
}
