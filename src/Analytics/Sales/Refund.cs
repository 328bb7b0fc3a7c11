using Bazaar.Contracts.Ordering;

namespace Bazaar.Analytics.Sales;

/// <summary>
/// Money given back for an order, counted when it was given back. An order may be refunded in
/// parts; a part is known by its order and time, as the event carries no refund id.
/// </summary>
public sealed class Refund
{
    private Refund()
    {
    }

    public Guid OrderId { get; private init; }

    public decimal Amount { get; private init; }

    public string Currency { get; private init; } = string.Empty;

    public DateTimeOffset RefundedAt { get; private init; }

    public static Refund From(OrderRefunded refunded) => new()
    {
        OrderId = refunded.OrderId,
        Amount = refunded.Amount,
        Currency = refunded.Currency.ToUpperInvariant(),
        RefundedAt = refunded.RefundedAt.ToUniversalTime(),
    };
}
