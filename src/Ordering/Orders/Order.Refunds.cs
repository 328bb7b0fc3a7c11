namespace Bazaar.Ordering.Orders;

/// <summary>Money going back: in full (refunded), or part of a delivered order's (partially_refunded).</summary>
public sealed partial class Order
{
    /// <summary>When the order was delivered (null before): the return window counts from it.</summary>
    public DateTimeOffset? DeliveredAt => history.LastOrDefault(h => h.Status == OrderStatus.Delivered)?.At;

    /// <summary>The rest of the money went back: <see cref="RefundedAmount"/> adds it to any part refunded before.</summary>
    public bool MarkRefunded(decimal amount, DateTimeOffset now)
    {
        if (!MoveTo(OrderStatus.Refunded, now))
        {
            return false;
        }

        RefundedAmount = (RefundedAmount ?? 0m) + amount;
        return true;
    }

    /// <summary>
    /// Part of a delivered order's money went back (a return received): the order becomes
    /// partially_refunded, and stays so for each further part. Before delivery a partial refund
    /// changes no status (the order is still being fulfilled).
    /// </summary>
    public bool MarkPartiallyRefunded(decimal amount, DateTimeOffset now)
    {
        if (Status != OrderStatus.PartiallyRefunded && !MoveTo(OrderStatus.PartiallyRefunded, now))
        {
            return false;
        }

        RefundedAmount = (RefundedAmount ?? 0m) + amount;
        UpdatedAt = Exact(now);
        return true;
    }
}
