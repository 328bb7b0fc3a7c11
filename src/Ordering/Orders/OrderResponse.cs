namespace Bazaar.Ordering.Orders;

public sealed record OrderItemResponse(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal Discount, decimal TaxRate, decimal Tax);

public sealed record StatusChangeResponse(OrderStatus Status, DateTimeOffset At);

public sealed record ShipmentResponse(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt);

public sealed record PaymentErrorResponse(string Code, string Message, DateTimeOffset At);

public sealed record AddressResponse(string Name, string Line1, string? Line2, string City, string PostalCode, string Country, string? Region, string? Phone);

public sealed record ShippingMethodResponse(Guid Id, string Name);

public sealed record DiscountResponse(string Code, decimal Amount);

/// <summary>An order as the contract shows it: the same shape from POST, GET and the lists.</summary>
public sealed record OrderResponse(
    Guid Id,
    Guid UserId,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
    decimal TotalPrice,
    string Currency,
    AddressResponse ShippingAddress,
    string? PaymentMethodId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusChangeResponse> StatusHistory,
    ShipmentResponse? Shipment,
    PaymentErrorResponse? LastPaymentError,
    CancellationReason? CancellationReason,
    DateTimeOffset? ReservedUntil,
    DateTimeOffset? PaidAt,
    decimal Subtotal,
    decimal DiscountTotal,
    decimal ShippingPrice,
    decimal TaxTotal,
    ShippingMethodResponse? ShippingMethod,
    IReadOnlyList<DiscountResponse> Discounts,
    decimal? RefundedAmount)
{
    /// <summary>A guest's order token, only in the answer that placed the order (and its replays).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderToken { get; init; }

    public static OrderResponse From(Order o) => new(
        o.Id,
        o.UserId,
        o.Status,
        [.. o.Items.OrderBy(i => i.Line).Select(i => new OrderItemResponse(i.ProductId, i.ProductName, i.Quantity, i.UnitPrice, i.Discount, i.TaxRate, i.Tax))],
        o.TotalPrice,
        o.Currency,
        new AddressResponse(o.ShippingAddress.Name, o.ShippingAddress.Line1, o.ShippingAddress.Line2, o.ShippingAddress.City, o.ShippingAddress.PostalCode, o.ShippingAddress.Country, o.ShippingAddress.Region, o.ShippingAddress.Phone),
        o.PaymentMethodId,
        o.CreatedAt,
        o.UpdatedAt,
        [.. o.History.OrderBy(h => h.Sequence).Select(h => new StatusChangeResponse(h.Status, h.At))],
        o.Shipment is { } s ? new ShipmentResponse(s.Carrier, s.TrackingNumber, s.ShippedAt) : null,
        o.LastPaymentError is { } e ? new PaymentErrorResponse(e.Code, e.Message, e.At) : null,
        o.CancellationReason,
        o.ReservedUntil,
        o.PaidAt,
        o.Subtotal,
        o.DiscountTotal,
        o.ShippingPrice,
        o.TaxTotal,
        o.ShippingMethod is { } m ? new ShippingMethodResponse(m.Id, m.Name) : null,
        o.CouponUse is { } c ? [new DiscountResponse(c.Code, c.Saving)] : [],
        o.RefundedAmount);
}
