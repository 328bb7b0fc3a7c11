using Bazaar.Payments.Orders;

namespace Bazaar.Payments.Ledger;

public enum PaymentStatus
{
    Pending,
    Succeeded,
    Failed,
    Refunded,
    PartiallyRefunded,
}

/// <summary>
/// One attempt to charge an order. It exists (pending) before the provider is called, so the
/// database can refuse a second attempt for the same order while one is under way or has
/// succeeded: the partial unique index over live statuses is the last word on "charged once".
/// </summary>
public sealed class Payment
{
    public const int MaxPaymentMethodLength = 255;

    /// <summary>The statuses that hold an order's one live payment (the index's filter spells the same set).</summary>
    public static readonly IReadOnlyList<PaymentStatus> Live = [PaymentStatus.Pending, PaymentStatus.Succeeded, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid UserId { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "USD";

    public PaymentStatus Status { get; private set; }

    public string? FailureCode { get; private set; }

    public string? FailureMessage { get; private set; }

    public string PaymentMethod { get; private set; } = string.Empty;

    /// <summary>The provider's id for the charge (Stripe's PaymentIntent id), once known.</summary>
    public string? ProviderReference { get; private set; }

    public decimal RefundedAmount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Charged amount not refunded yet (nothing unless the charge succeeded).</summary>
    public decimal Refundable => Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded ? Amount - RefundedAmount : 0m;

    /// <summary>The order's total, from this service's copy: never an amount a client sent.</summary>
    public static Payment Start(PayableOrder order, string paymentMethod, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrderId = order.OrderId,
        UserId = order.UserId,
        Amount = order.Total,
        Currency = order.Currency,
        Status = PaymentStatus.Pending,
        PaymentMethod = paymentMethod,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public bool Succeed(string? reference, DateTimeOffset now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = PaymentStatus.Succeeded;
        ProviderReference = reference ?? ProviderReference;
        UpdatedAt = now;
        return true;
    }

    public bool Fail(string code, string message, string? reference, DateTimeOffset now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = PaymentStatus.Failed;
        FailureCode = code;
        FailureMessage = message.Length > 1000 ? message[..1000] : message;
        ProviderReference = reference ?? ProviderReference;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Money the provider gave back; past the charged amount is a bug, not a state.</summary>
    public void RecordRefund(decimal amount, DateTimeOffset now)
    {
        if (amount <= 0 || amount > Refundable)
        {
            throw new InvalidOperationException($"A refund of {amount} does not fit payment {Id} ({Refundable} refundable).");
        }

        RefundedAmount += amount;
        Status = RefundedAmount == Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        UpdatedAt = now;
    }
}
