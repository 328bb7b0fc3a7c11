namespace Bazaar.Inventory.Stock;

public enum MovementType
{
    Received,
    Reserved,
    Released,
    Sold,
    Adjusted,
    Returned,
}

/// <summary>
/// One line of the ledger. Quantities are positive except <see cref="MovementType.Adjusted"/>,
/// which is the signed correction, so that on hand = received + adjusted + returned - sold and
/// reserved = reserved - released - sold (sold units come out of a reservation).
/// </summary>
public sealed class StockMovement
{
    public long Id { get; private set; }

    public MovementType Type { get; private init; }

    public Guid ProductId { get; private init; }

    public Guid WarehouseId { get; private init; }

    public int Quantity { get; private init; }

    public Guid? OrderId { get; private init; }

    /// <summary>Why a person changed the count (damaged, recount, ...); null for the order flow's movements.</summary>
    public string? Reason { get; private init; }

    public DateTimeOffset At { get; private init; }

    public const int MaxReasonLength = 200;

    public static StockMovement Of(MovementType type, StockItem item, int quantity, Guid? orderId, DateTimeOffset at, string? reason = null) =>
        new() { Type = type, ProductId = item.ProductId, WarehouseId = item.WarehouseId, Quantity = quantity, OrderId = orderId, Reason = reason, At = at };
}

/// <summary>Set while a product is at or under its threshold: LowStockDetected is sent once per crossing.</summary>
public sealed class LowStockFlag
{
    public Guid ProductId { get; init; }

    public DateTimeOffset FlaggedAt { get; init; }
}
