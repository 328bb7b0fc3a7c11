using System.Text.Json;

namespace Bazaar.Ordering.Orders;

/// <summary>Where an order is in the checkout saga; snake_case on the wire (<c>awaiting_payment</c>).</summary>
public enum OrderStatus
{
    /// <summary>Placed; stock not yet reserved.</summary>
    Pending,

    /// <summary>Stock reserved until the payment window closes.</summary>
    AwaitingPayment,

    Paid,
    Processing,
    Shipped,
    Delivered,
    Cancelled,

    /// <summary>The money went back to the customer in full.</summary>
    Refunded,

    /// <summary>Delivered, and part of the money went back (some lines returned or refunded, the rest kept).</summary>
    PartiallyRefunded,
}

/// <summary>Why an order was cancelled; snake_case on the wire.</summary>
public enum CancellationReason
{
    /// <summary>Inventory could not reserve every line.</summary>
    InsufficientStock,

    /// <summary>The reservation expired before a payment succeeded.</summary>
    PaymentTimeout,

    /// <summary>The owner cancelled.</summary>
    CustomerRequest,

    /// <summary>An admin cancelled someone else's order.</summary>
    Admin,

    /// <summary>
    /// Paid after the reservation expired, when the units had gone to other orders: cancelled
    /// after payment, which Payments refunds.
    /// </summary>
    SoldOutBeforePayment,
}

/// <summary>
/// The one table of legal moves. Every transition method of <see cref="Order"/> asks it first, so
/// the state machine is written down once, and the unit tests walk it pair by pair.
/// </summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Next = new()
    {
        [OrderStatus.Pending] = [OrderStatus.AwaitingPayment, OrderStatus.Cancelled],
        [OrderStatus.AwaitingPayment] = [OrderStatus.Paid, OrderStatus.Cancelled],
        // Cancelling a paid order refunds it (OrderCancelled with wasPaid); a full refund made by an
        // admin through Payments without a cancel moves a paid order straight to refunded.
        [OrderStatus.Paid] = [OrderStatus.Processing, OrderStatus.Cancelled, OrderStatus.Refunded],
        [OrderStatus.Processing] = [OrderStatus.Shipped, OrderStatus.Cancelled, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.Delivered, OrderStatus.Refunded],
        // A return received (or an admin's partial refund) of a delivered order refunds part of it;
        // the last part makes it refunded.
        [OrderStatus.Delivered] = [OrderStatus.Refunded, OrderStatus.PartiallyRefunded],
        [OrderStatus.PartiallyRefunded] = [OrderStatus.Refunded],
        // Only when money was taken (a paid order cancelled, or a payment that arrived after the cancel).
        [OrderStatus.Cancelled] = [OrderStatus.Refunded],
        [OrderStatus.Refunded] = [],
    };

    public static bool IsLegal(OrderStatus from, OrderStatus to) => Next[from].Contains(to);

    public static IReadOnlyList<OrderStatus> From(OrderStatus status) => Next[status];
}

/// <summary>The wire spelling of the enums, for events and for SQL that reads like the docs.</summary>
public static class OrderWire
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum? Parse<TEnum>(string? wire)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(v => string.Equals(Of(v!.Value), wire?.Trim(), StringComparison.OrdinalIgnoreCase));
}
