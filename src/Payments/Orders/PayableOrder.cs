using Bazaar.Contracts.Ordering;

namespace Bazaar.Payments.Orders;

public enum OrderState
{
    AwaitingPayment,
    Cancelled,
}

/// <summary>
/// This service's copy of an order, as Ordering's events describe it: what may be charged, to
/// whom, and until when. Payments never asks Ordering; an order it has not heard of is not payable.
/// Ordering closes it (<see cref="CloseOrder"/>) before it cancels an order not yet paid.
/// </summary>
public sealed class PayableOrder
{
    private PayableOrder()
    {
    }

    public Guid OrderId { get; private set; }

    public Guid UserId { get; private set; }

    public decimal Total { get; private set; }

    public string Currency { get; private set; } = "USD";

    public string? PaymentMethodId { get; private set; }

    /// <summary>When the stock reservation lapses; after that Ordering cancels the order (payment_timeout).</summary>
    public DateTimeOffset ReservedUntil { get; private set; }

    public OrderState State { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static PayableOrder From(OrderAwaitingPayment e, DateTimeOffset now) => new()
    {
        OrderId = e.OrderId,
        UserId = e.UserId,
        Total = decimal.Round(e.TotalPrice, 2),
        Currency = e.Currency.ToUpperInvariant(),
        PaymentMethodId = Blank(e.PaymentMethodId),
        ReservedUntil = e.ReservedUntil,
        State = OrderState.AwaitingPayment,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// A cancellation heard before the order was (events may come out of order, and Ordering asks
    /// to close an order before it cancels it): remembered, so that the late OrderAwaitingPayment
    /// cannot make it payable. Nothing is owed on it.
    /// </summary>
    public static PayableOrder CancelledUnseen(Guid orderId, Guid userId, string reason, DateTimeOffset cancelledAt, DateTimeOffset now) => new()
    {
        OrderId = orderId,
        UserId = userId,
        ReservedUntil = cancelledAt,
        State = OrderState.Cancelled,
        CancellationReason = reason,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>OrderAwaitingPayment again (a redelivery under a new id, or re-sent): refreshed, never reopened once cancelled.</summary>
    public bool Refresh(OrderAwaitingPayment e, DateTimeOffset now)
    {
        if (State == OrderState.Cancelled)
        {
            return false;
        }

        Total = decimal.Round(e.TotalPrice, 2);
        Currency = e.Currency.ToUpperInvariant();
        PaymentMethodId = Blank(e.PaymentMethodId) ?? PaymentMethodId;
        ReservedUntil = e.ReservedUntil > ReservedUntil ? e.ReservedUntil : ReservedUntil;
        UpdatedAt = now;
        return true;
    }

    public void Cancel(string reason, DateTimeOffset now)
    {
        State = OrderState.Cancelled;
        CancellationReason = reason;
        UpdatedAt = now;
    }

    /// <summary>Why the order cannot be charged now, or null when it can (a charge under way or made is the database's to refuse).</summary>
    public string? WhyNotPayable(DateTimeOffset now) => this switch
    {
        { State: OrderState.Cancelled } => "The order was cancelled.",
        _ when ReservedUntil <= now => "The order's stock reservation has expired; it can no longer be paid.",
        { Total: <= 0 } => "The order has nothing to pay.",
        _ => null,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
