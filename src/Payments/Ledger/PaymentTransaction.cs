namespace Bazaar.Payments.Ledger;

public enum TransactionType
{
    Charge,
    Refund,
    Verify,
}

public enum TransactionStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One call to the provider about a payment, with its answer. A charge or refund whose answer did
/// not come stays pending with a due time: the worker asks again (same idempotency key: this id
/// for refunds, the payment id for charges) until the provider says what happened.
/// </summary>
public sealed class PaymentTransaction
{
    private PaymentTransaction()
    {
    }

    public Guid Id { get; private set; }

    public Guid PaymentId { get; private set; }

    public TransactionType Type { get; private set; }

    public TransactionStatus Status { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>The provider's answer (JSON), or what stood in for it when none came.</summary>
    public string? ProviderResponse { get; private set; }

    public string? Reason { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When the worker should ask about a pending operation again.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public static PaymentTransaction Charge(Payment payment, DateTimeOffset now, DateTimeOffset askAgainAt) =>
        New(payment, TransactionType.Charge, payment.Amount, null, now, askAgainAt);

    /// <param name="id">Given when the refund answers something that must be refunded once (a return): its id.</param>
    public static PaymentTransaction Refund(Payment payment, decimal amount, string reason, DateTimeOffset now, DateTimeOffset dueAt, Guid? id = null)
    {
        var refund = New(payment, TransactionType.Refund, amount, reason, now, dueAt);
        refund.Id = id ?? refund.Id;
        return refund;
    }

    /// <summary>A provider answer that changed (or confirmed) what we know, recorded as it came.</summary>
    public static PaymentTransaction Verify(Payment payment, string response, DateTimeOffset now)
    {
        var verify = New(payment, TransactionType.Verify, payment.Amount, null, now, null);
        verify.Complete(true, response, now);
        return verify;
    }

    /// <summary>Refund money the provider reports that no call of ours asked for (Stripe's dashboard, say).</summary>
    public static PaymentTransaction ExternalRefund(Payment payment, decimal amount, string response, DateTimeOffset now)
    {
        var refund = New(payment, TransactionType.Refund, amount, "refunded at the provider", now, null);
        refund.Complete(true, response, now);
        return refund;
    }

    public void Complete(bool succeeded, string response, DateTimeOffset now)
    {
        Status = succeeded ? TransactionStatus.Succeeded : TransactionStatus.Failed;
        ProviderResponse = response;
        NextAttemptAt = null;
        CompletedAt = now;
    }

    /// <summary>No final answer: ask again at <paramref name="at"/>.</summary>
    public void Postpone(string response, DateTimeOffset at)
    {
        ProviderResponse = response;
        NextAttemptAt = at;
    }

    /// <summary>Taken by a worker: counted, and not due again before the lease ends (a crashed worker's call is retried then).</summary>
    public void Lease(DateTimeOffset until)
    {
        Attempts++;
        NextAttemptAt = until;
    }

    private static PaymentTransaction New(Payment payment, TransactionType type, decimal amount, string? reason, DateTimeOffset now, DateTimeOffset? dueAt) => new()
    {
        Id = Guid.CreateVersion7(),
        PaymentId = payment.Id,
        Type = type,
        Status = TransactionStatus.Pending,
        Amount = amount,
        Reason = reason,
        NextAttemptAt = dueAt,
        CreatedAt = now,
    };
}
