using Bazaar.Contracts.Ordering;

namespace Bazaar.Analytics.Sales;

/// <summary>A paid order as the sales report counts it: one row per order, whatever the deliveries.</summary>
public sealed class PaidOrder
{
    private PaidOrder()
    {
    }

    public Guid OrderId { get; private init; }

    public Guid UserId { get; private init; }

    public decimal Total { get; private init; }

    public string Currency { get; private init; } = string.Empty;

    public DateTimeOffset PaidAt { get; private init; }

    public static PaidOrder From(OrderPaid paid) => new()
    {
        OrderId = paid.OrderId,
        UserId = paid.UserId,
        Total = paid.TotalPrice,
        Currency = paid.Currency.ToUpperInvariant(),
        PaidAt = paid.PaidAt.ToUniversalTime(),
    };
}

/// <summary>A line of a paid order: sales per product, named as the order named it.</summary>
public sealed class SoldLine
{
    private SoldLine()
    {
    }

    public Guid OrderId { get; private init; }

    public int LineNumber { get; private init; }

    public Guid ProductId { get; private init; }

    public string ProductName { get; private init; } = string.Empty;

    public int Quantity { get; private init; }

    public decimal UnitPrice { get; private init; }

    public string Currency { get; private init; } = string.Empty;

    public DateTimeOffset PaidAt { get; private init; }

    public static IEnumerable<SoldLine> From(OrderPaid paid) => paid.Items.Select((line, index) => new SoldLine
    {
        OrderId = paid.OrderId,
        LineNumber = index + 1,
        ProductId = line.ProductId,
        ProductName = line.ProductName,
        Quantity = line.Quantity,
        UnitPrice = line.UnitPrice,
        Currency = paid.Currency.ToUpperInvariant(),
        PaidAt = paid.PaidAt.ToUniversalTime(),
    });
}
