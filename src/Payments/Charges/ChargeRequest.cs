using Bazaar.Messaging;

namespace Bazaar.Payments.Charges;

public enum ChargeRequestStatus
{
    Queued,
    Started,
    Skipped,
}

/// <summary>
/// An automatic charge Ordering asked for (OrderAwaitingPayment with a payment method), made by the
/// worker outside the event's transaction. At most one per order, however often the event comes.
/// </summary>
public sealed class ChargeRequest
{
    private ChargeRequest()
    {
    }

    public Guid OrderId { get; private set; }

    public string PaymentMethodId { get; private set; } = string.Empty;

    public ChargeRequestStatus Status { get; private set; }

    public Guid? PaymentId { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>Tries that the provider refused without charging (down, or the breaker open).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? HandledAt { get; private set; }

    /// <summary>The trace of the checkout that queued it: the worker's charge continues it.</summary>
    public string? TraceParent { get; private set; }

    public string? CorrelationId { get; private set; }

    public TraceLink Trace => new(TraceParent, CorrelationId);

    public static ChargeRequest Queue(Guid orderId, string paymentMethodId, DateTimeOffset now, TraceLink trace) => new()
    {
        OrderId = orderId,
        TraceParent = trace.TraceParent,
        CorrelationId = trace.CorrelationId,
        PaymentMethodId = paymentMethodId,
        Status = ChargeRequestStatus.Queued,
        RequestedAt = now,
        NextAttemptAt = now,
    };

    public void Started(Guid paymentId, DateTimeOffset now)
    {
        Status = ChargeRequestStatus.Started;
        PaymentId = paymentId;
        HandledAt = now;
    }

    /// <summary>The provider did not take the charge (certainly not charged): queued again for <paramref name="at"/>.</summary>
    public void Retry(string why, DateTimeOffset at)
    {
        Status = ChargeRequestStatus.Queued;
        PaymentId = null;
        Attempts++;
        NextAttemptAt = at;
        Note = why;
    }

    /// <summary>The order was cancelled (or closed to payment) while its automatic charge still waited: it is never made.</summary>
    public void SkipCancelled(DateTimeOffset now)
    {
        if (Status == ChargeRequestStatus.Queued)
        {
            Skip("The order was cancelled before the automatic charge.", now);
        }
    }

    public void Skip(string why, DateTimeOffset now)
    {
        Status = ChargeRequestStatus.Skipped;
        Note = why;
        HandledAt = now;
    }
}
