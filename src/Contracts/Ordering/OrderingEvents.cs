namespace Bazaar.Contracts.Ordering;

public sealed record OrderPlaced(
    Guid OrderId, Guid UserId, IReadOnlyList<OrderLine> Items, decimal TotalPrice, string Currency, string? PaymentMethodId, DateTimeOffset PlacedAt)
    : IIntegrationEvent;

/// <summary>
/// A guest (no account) placed an order: <paramref name="GuestId"/> stands for them in every event
/// of the order (its UserId), <paramref name="OrderToken"/> reads the order (for the mail's link).
/// </summary>
public sealed record GuestCheckedOut(Guid OrderId, Guid GuestId, string Name, string Email, string OrderToken, DateTimeOffset PlacedAt) : IIntegrationEvent;

/// <summary>A guest's orders became the account's that verified the same email (their former guest id is gone from them).</summary>
public sealed record GuestOrdersClaimed(Guid UserId, string Email, IReadOnlyList<Guid> OrderIds, DateTimeOffset ClaimedAt) : IIntegrationEvent;

public sealed record OrderAwaitingPayment(Guid OrderId, Guid UserId, decimal TotalPrice, string Currency, string? PaymentMethodId, DateTimeOffset ReservedUntil) : IIntegrationEvent;

public sealed record OrderPaid(Guid OrderId, Guid UserId, Guid PaymentId, IReadOnlyList<OrderLine> Items, decimal TotalPrice, string Currency, DateTimeOffset PaidAt) : IIntegrationEvent;

public sealed record OrderCancelled(Guid OrderId, Guid UserId, string Reason, bool WasPaid, DateTimeOffset CancelledAt) : IIntegrationEvent;

public sealed record OrderStatusChanged(Guid OrderId, Guid UserId, string From, string To, DateTimeOffset ChangedAt) : IIntegrationEvent;

public sealed record OrderShipped(Guid OrderId, Guid UserId, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt) : IIntegrationEvent;

public sealed record OrderDelivered(Guid OrderId, Guid UserId, IReadOnlyList<Guid> ProductIds, DateTimeOffset DeliveredAt) : IIntegrationEvent;

public sealed record OrderRefunded(Guid OrderId, Guid UserId, decimal Amount, string Currency, DateTimeOffset RefundedAt) : IIntegrationEvent;

/// <summary>A returned unit count of one order line, and what it is refunded (its share of what the order was charged).</summary>
public sealed record ReturnedLine(Guid ProductId, Guid? VariantId, int Quantity, decimal Amount);

/// <summary>
/// An admin received the goods of a return: Payments refunds <paramref name="Amount"/> of the
/// order's charge (once per <paramref name="ReturnId"/>), and Inventory, when
/// <paramref name="Restock"/>, puts the lines back in stock (once per return).
/// </summary>
public sealed record ReturnReceived(
    Guid ReturnId, Guid OrderId, Guid UserId, decimal Amount, string Currency, IReadOnlyList<ReturnedLine> Lines, bool Restock, DateTimeOffset ReceivedAt)
    : IIntegrationEvent;
