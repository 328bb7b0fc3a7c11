namespace Bazaar.Payments.Providers;

/// <summary>
/// A card processor. Business answers (a decline, an unknown charge) are results; faults are
/// exceptions: <see cref="ProviderUnavailableException"/> when the provider says it did nothing,
/// anything else (a timeout, a 5xx, a dropped connection) when nobody can tell what it did.
/// Every write carries an idempotency key, so asking again with the same key never charges twice.
/// </summary>
public interface IPaymentProvider
{
    string Name { get; }

    /// <summary>How long one call may take before the service stops waiting for it.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Charges <see cref="ChargeOrder.Amount"/>; the payment id is the idempotency key.</summary>
    Task<ChargeResult> ChargeAsync(ChargeOrder order, CancellationToken cancellationToken);

    /// <summary>What became of the charge made with this payment id (NotFound when it never arrived).</summary>
    Task<ChargeResult> RetrieveAsync(ChargeLookup lookup, CancellationToken cancellationToken);

    /// <summary>Refunds part or all of a succeeded charge; the refund id is the idempotency key.</summary>
    Task<RefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken);
}

public sealed record ChargeOrder(Guid PaymentId, Guid OrderId, decimal Amount, string Currency, string PaymentMethodId);

public sealed record ChargeLookup(Guid PaymentId, Guid OrderId, string? Reference, DateTimeOffset CreatedAt);

public sealed record RefundOrder(Guid RefundId, Guid PaymentId, string Reference, decimal Amount, string Currency, string Reason);

public enum ChargeState
{
    Succeeded,
    Failed,

    /// <summary>The provider has the charge but no final answer yet (or cannot tell yet).</summary>
    Processing,

    /// <summary>The provider never received a charge with this idempotency key.</summary>
    NotFound,
}

/// <param name="Response">The provider's answer as JSON, kept with the transaction.</param>
public sealed record ChargeResult(
    ChargeState State, string? Reference, string? FailureCode, string? FailureMessage, decimal AmountRefunded, string Response);

public sealed record RefundResult(bool Succeeded, string? Reference, string? FailureCode, string? FailureMessage, string Response);

/// <summary>The provider answered that it did not process the request (rate limited, down for maintenance): safe to call it failed.</summary>
public sealed class ProviderUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Failure codes this service adds to the card networks' own.</summary>
public static class FailureCodes
{
    public const string ProviderUnavailable = "provider_unavailable";
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string InvalidPaymentMethod = "invalid_payment_method";
}
