namespace Bazaar.Ordering.Orders;

/// <summary>A line of an order: the catalog's name and price when it was placed.</summary>
public sealed record OrderItem(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice)
{
    /// <summary>1, 2, ...: lines read back in the order the customer gave them.</summary>
    public int Line { get; init; }
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record OrderStatusChange(int Sequence, OrderStatus Status, DateTimeOffset At);

public sealed record Shipment(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt);

public sealed record PaymentError(string Code, string Message, DateTimeOffset At);
