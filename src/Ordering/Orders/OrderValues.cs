namespace Bazaar.Ordering.Orders;

/// <summary>A line of an order: the catalog's name and price when it was placed.</summary>
public sealed record OrderItem(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice)
{
    /// <summary>1, 2, ...: lines read back in the order the customer gave them.</summary>
    public int Line { get; init; }

    /// <summary>This line's share of the order's discount.</summary>
    public decimal Discount { get; init; }

    /// <summary>The rate the line was taxed at (a fraction).</summary>
    public decimal TaxRate { get; init; }

    public decimal Tax { get; init; }
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country)
{
    public string? Region { get; init; }

    public string? Phone { get; init; }
}

/// <summary>
/// The order's use of a coupon, as it was when placed (the code and what it saved). It counts
/// against the promotion's limits until <see cref="ReleasedAt"/>: an order cancelled before it was
/// paid gives the use back, once.
/// </summary>
public sealed class CouponUse
{
    public Guid PromotionId { get; private set; }

    public string Code { get; private set; } = "";

    public Guid UserId { get; private set; }

    public decimal Saving { get; private set; }

    public DateTimeOffset UsedAt { get; private set; }

    public DateTimeOffset? ReleasedAt { get; private set; }

    public static CouponUse Of(Guid promotionId, string code, Guid userId, decimal saving, DateTimeOffset at) =>
        new() { PromotionId = promotionId, Code = code, UserId = userId, Saving = saving, UsedAt = at };

    public bool Release(DateTimeOffset at)
    {
        if (ReleasedAt is not null)
        {
            return false;
        }

        ReleasedAt = at;
        return true;
    }
}

/// <summary>The shipping method as it was when the order was placed.</summary>
public sealed record ChosenShipping(Guid Id, string Name);

public sealed record OrderStatusChange(int Sequence, OrderStatus Status, DateTimeOffset At);

public sealed record Shipment(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt);

public sealed record PaymentError(string Code, string Message, DateTimeOffset At);
