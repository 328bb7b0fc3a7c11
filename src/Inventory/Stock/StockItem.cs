namespace Bazaar.Inventory.Stock;

/// <summary>
/// Units of one product in one warehouse. Available (on hand minus reserved) never goes below
/// zero: these methods refuse it, and a CHECK constraint refuses it again in the database.
/// Callers hold the row lock (see <see cref="StockBook"/>) while they change it.
/// </summary>
public sealed class StockItem
{
    private StockItem()
    {
    }

    public Guid ProductId { get; private set; }

    public Guid WarehouseId { get; private set; }

    public int OnHand { get; private set; }

    public int Reserved { get; private set; }

    public int LowStockThreshold { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Available => OnHand - Reserved;

    public static StockItem Create(Guid productId, Guid warehouseId, int onHand, int lowStockThreshold, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        ArgumentOutOfRangeException.ThrowIfNegative(lowStockThreshold);
        return new StockItem { ProductId = productId, WarehouseId = warehouseId, OnHand = onHand, LowStockThreshold = lowStockThreshold, UpdatedAt = now };
    }

    public void Reserve(int quantity, DateTimeOffset now)
    {
        Require(quantity > 0 && quantity <= Available, quantity, "reserve");
        Reserved += quantity;
        UpdatedAt = now;
    }

    public void Release(int quantity, DateTimeOffset now)
    {
        Require(quantity > 0 && quantity <= Reserved, quantity, "release");
        Reserved -= quantity;
        UpdatedAt = now;
    }

    /// <summary>Reserved units leave the shelf: on hand and reserved drop together, available stays.</summary>
    public void SellReserved(int quantity, DateTimeOffset now)
    {
        Require(quantity > 0 && quantity <= Reserved, quantity, "sell");
        Reserved -= quantity;
        OnHand -= quantity;
        UpdatedAt = now;
    }

    /// <summary>Units of a cancelled paid order that never shipped go back on the shelf.</summary>
    public void Return(int quantity, DateTimeOffset now)
    {
        Require(quantity > 0 && quantity <= int.MaxValue - OnHand, quantity, "return");
        OnHand += quantity;
        UpdatedAt = now;
    }

    /// <summary>Sets the count on hand; false when that is fewer than the units already promised to orders.</summary>
    public bool TrySetOnHand(int onHand, DateTimeOffset now)
    {
        if (onHand < Reserved)
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        OnHand = onHand;
        UpdatedAt = now;
        return true;
    }

    public void SetLowStockThreshold(int threshold, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        LowStockThreshold = threshold;
        UpdatedAt = now;
    }

    private void Require(bool allowed, int quantity, string action)
    {
        if (!allowed)
        {
            throw new InvalidOperationException(
                $"Cannot {action} {quantity} of product {ProductId} in warehouse {WarehouseId} (on hand {OnHand}, reserved {Reserved}).");
        }
    }
}
