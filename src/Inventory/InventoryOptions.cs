namespace Bazaar.Inventory;

/// <summary>Bound from the "Inventory" section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long a reservation holds stock for an unpaid order (the saga's payment window).</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often expired reservations are looked for and released.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reservations released per transaction by one sweep step.</summary>
    public int ExpiryBatchSize { get; set; } = 100;

    /// <summary>The threshold a product gets when its stock item is created from ProductCreated.</summary>
    public int DefaultLowStockThreshold { get; set; } = 5;

    public bool IsValid() =>
        ReservationTtl > TimeSpan.Zero
        && ExpirySweepInterval > TimeSpan.Zero
        && ExpiryBatchSize is >= 1 and <= 10_000
        && DefaultLowStockThreshold >= 0;
}
