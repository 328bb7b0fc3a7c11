using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Providers.Simulator;

/// <summary>
/// A card processor in memory that answers like Stripe's test mode. Like a remote processor it
/// acts when a request arrives and answers after the latency: a caller that stops waiting does
/// not undo a charge. It keeps each charge under its idempotency key (the payment id), so asking
/// again with the same key answers what happened the first time and never charges twice. Its
/// ledger lives as long as the process (a restart forgets it, as a simulator may).
/// </summary>
public sealed class SimulatedCardProcessor(IOptionsMonitor<SimulatorOptions> options, TimeProvider clock) : IPaymentProvider
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly ConcurrentDictionary<Guid, SimulatedCharge> charges = new();
    private readonly ConcurrentDictionary<Guid, RefundResult> refunds = new();
    private readonly Lock refundGate = new();

    public string Name => ProviderNames.Simulator;

    public TimeSpan Timeout => options.CurrentValue.Timeout;

    /// <summary>Every charge the processor made or declined, for a test to count.</summary>
    public IReadOnlyList<SimulatedCharge> Charges => [.. charges.Values];

    public async Task<ChargeResult> ChargeAsync(ChargeOrder order, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (FailsNow(settings))
        {
            await AnswerAsync(settings, cancellationToken);
            throw new ProviderUnavailableException("The simulated card processor is temporarily unavailable (503); nothing was charged.");
        }

        var charge = charges.GetOrAdd(order.PaymentId, _ => Decide(order, clock.GetUtcNow()));
        await AnswerAsync(settings, cancellationToken);
        return Result(charge);
    }

    public async Task<ChargeResult> RetrieveAsync(ChargeLookup lookup, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (FailsNow(settings))
        {
            await AnswerAsync(settings, cancellationToken);
            throw new ProviderUnavailableException("The simulated card processor is temporarily unavailable (503).");
        }

        await AnswerAsync(settings, cancellationToken);
        return charges.TryGetValue(lookup.PaymentId, out var charge)
            ? Result(charge)
            : new ChargeResult(ChargeState.NotFound, null, null, null, 0, JsonSerializer.Serialize(new { error = "resource_missing", payment_id = lookup.PaymentId }, Json));
    }

    public async Task<RefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (FailsNow(settings))
        {
            await AnswerAsync(settings, cancellationToken);
            throw new ProviderUnavailableException("The simulated card processor is temporarily unavailable (503); nothing was refunded.");
        }

        RefundResult result;
        lock (refundGate)
        {
            // Decided once per idempotency key: a repeated refund request answers the first outcome.
            if (!refunds.TryGetValue(order.RefundId, out result!))
            {
                result = Refund(order);
                refunds[order.RefundId] = result;
            }
        }

        await AnswerAsync(settings, cancellationToken);
        return result;
    }

    private RefundResult Refund(RefundOrder order)
    {
        var charge = charges.Values.FirstOrDefault(c => c.Reference == order.Reference);
        string? code = charge switch
        {
            null => "resource_missing",
            { Succeeded: false } => "charge_not_succeeded",
            _ when order.Amount <= 0 || order.Amount > charge.Amount - charge.Refunded => "amount_too_large",
            _ => null,
        };
        if (code is null)
        {
            charge!.Refunded += order.Amount;
        }

        var reference = $"sim_re_{order.RefundId:N}";
        var response = JsonSerializer.Serialize(
            new { id = reference, @object = "refund", status = code is null ? "succeeded" : "failed", amount = order.Amount, currency = order.Currency.ToLowerInvariant(), payment_intent = order.Reference, failure_reason = code, reason = order.Reason },
            Json);
        return new RefundResult(code is null, reference, code, code is null ? null : $"The refund was refused: {code}.", response);
    }

    private static SimulatedCharge Decide(ChargeOrder order, DateTimeOffset now)
    {
        var (code, message) = order.PaymentMethodId switch
        {
            "pm_card_visa" or "pm_card_visa_debit" or "pm_card_mastercard" or "pm_card_amex" => (null, null),
            "pm_card_chargeDeclined" => (FailureCodes.CardDeclined, "Your card was declined."),
            "pm_card_chargeDeclinedInsufficientFunds" => (FailureCodes.InsufficientFunds, "Your card has insufficient funds."),
            "pm_card_chargeDeclinedExpiredCard" => ("expired_card", "Your card has expired."),
            "pm_card_chargeDeclinedIncorrectCvc" => ("incorrect_cvc", "Your card's security code is incorrect."),
            "pm_card_chargeDeclinedProcessingError" => ("processing_error", "An error occurred while processing your card. Try again in a little bit."),
            _ => (FailureCodes.InvalidPaymentMethod, $"No such PaymentMethod: '{order.PaymentMethodId}'."),
        };
        return new SimulatedCharge(order.PaymentId, order.OrderId, $"sim_pi_{order.PaymentId:N}", order.Amount, order.Currency, order.PaymentMethodId, code, message, now);
    }

    private static ChargeResult Result(SimulatedCharge charge)
    {
        var response = JsonSerializer.Serialize(
            new
            {
                id = charge.Reference,
                @object = "payment_intent",
                status = charge.Succeeded ? "succeeded" : "requires_payment_method",
                amount = charge.Amount,
                amount_refunded = charge.Refunded,
                currency = charge.Currency.ToLowerInvariant(),
                payment_method = charge.PaymentMethodId,
                last_payment_error = charge.Succeeded ? null : new { code = charge.FailureCode, message = charge.FailureMessage },
                metadata = new { payment_id = charge.PaymentId, order_id = charge.OrderId },
            },
            Json);
        return new ChargeResult(
            charge.Succeeded ? ChargeState.Succeeded : ChargeState.Failed, charge.Reference, charge.FailureCode, charge.FailureMessage, charge.Refunded, response);
    }

    private static bool FailsNow(SimulatorOptions settings) => settings.ErrorRate > 0 && Random.Shared.NextDouble() < settings.ErrorRate;

    private Task AnswerAsync(SimulatorOptions settings, CancellationToken cancellationToken) =>
        settings.Latency > TimeSpan.Zero ? Task.Delay(settings.Latency, clock, cancellationToken) : Task.CompletedTask;
}

/// <summary>One charge as the simulated processor recorded it.</summary>
public sealed record SimulatedCharge(
    Guid PaymentId, Guid OrderId, string Reference, decimal Amount, string Currency, string PaymentMethodId, string? FailureCode, string? FailureMessage, DateTimeOffset At)
{
    public bool Succeeded => FailureCode is null;

    /// <summary>Changed under the processor's refund lock only.</summary>
    public decimal Refunded { get; internal set; }
}
