using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bazaar.Payments.Providers.Simulator;

/// <summary>
/// A card processor that answers like Stripe's test mode. Like a remote processor it acts when a
/// request arrives and answers after the latency: a caller that stops waiting does not undo a
/// charge. It keeps each charge under its idempotency key (the payment id), so asking again with
/// the same key answers what happened the first time and never charges twice. Its books are in
/// Redis under <see cref="SimulatorOptions.Ledger"/>, as a real processor's are outside the shop:
/// every instance of Payments sees the same charges, and a restarted one finds what was charged
/// before it stopped. Books untouched for <see cref="Retention"/> are forgotten.
/// </summary>
public sealed class SimulatedCardProcessor(IOptionsMonitor<SimulatorOptions> options, TimeProvider clock, IConnectionMultiplexer redis) : IPaymentProvider
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => ProviderNames.Simulator;

    public TimeSpan Timeout => options.CurrentValue.Timeout;

    private RedisKey ChargesKey => $"{options.CurrentValue.Ledger}:charges";

    private RedisKey RefundsKey => $"{options.CurrentValue.Ledger}:refunds";

    /// <summary>Every charge the processor made or declined, for a test to count.</summary>
    public IReadOnlyList<SimulatedCharge> Charges =>
        [.. redis.GetDatabase().HashGetAll(ChargesKey).Select(entry => JsonSerializer.Deserialize<SimulatedCharge>(entry.Value.ToString())!)];

    public async Task<ChargeResult> ChargeAsync(ChargeOrder order, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (FailsNow(settings))
        {
            await AnswerAsync(settings, cancellationToken);
            throw new ProviderUnavailableException("The simulated card processor is temporarily unavailable (503); nothing was charged.");
        }

        // Decided once per idempotency key: the first request's decision is the one kept.
        var books = redis.GetDatabase();
        var decided = Decide(order, clock.GetUtcNow());
        var charge = await books.HashSetAsync(ChargesKey, order.PaymentId.ToString(), JsonSerializer.Serialize(decided), When.NotExists)
            ? decided
            : (await FindAsync(books, order.PaymentId))!;
        await books.KeyExpireAsync(ChargesKey, Retention);
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

        var charge = await FindAsync(redis.GetDatabase(), lookup.PaymentId);
        await AnswerAsync(settings, cancellationToken);
        return charge is not null
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

        var result = await RefundOnceAsync(redis.GetDatabase(), order);
        await AnswerAsync(settings, cancellationToken);
        return result;
    }

    /// <summary>
    /// Decided once per idempotency key (a repeated refund request answers the first outcome),
    /// and applied to the charge only if nobody changed it meanwhile: optimistic, in a Redis
    /// transaction, tried again when another instance got there first.
    /// </summary>
    private async Task<RefundResult> RefundOnceAsync(IDatabase books, RefundOrder order)
    {
        var refundField = order.RefundId.ToString();
        while (true)
        {
            if (await books.HashGetAsync(RefundsKey, refundField) is { HasValue: true } known)
            {
                return JsonSerializer.Deserialize<RefundResult>(known.ToString())!;
            }

            var chargeField = order.PaymentId.ToString();
            var before = await books.HashGetAsync(ChargesKey, chargeField);
            var charge = before.HasValue ? JsonSerializer.Deserialize<SimulatedCharge>(before.ToString()) : null;
            var (result, refunded) = Refund(order, charge);

            var transaction = books.CreateTransaction();
            transaction.AddCondition(Condition.HashNotExists(RefundsKey, refundField));
            transaction.AddCondition(before.HasValue ? Condition.HashEqual(ChargesKey, chargeField, before) : Condition.HashNotExists(ChargesKey, chargeField));
            _ = transaction.HashSetAsync(RefundsKey, refundField, JsonSerializer.Serialize(result));
            _ = transaction.KeyExpireAsync(RefundsKey, Retention);
            if (refunded is not null)
            {
                _ = transaction.HashSetAsync(ChargesKey, chargeField, JsonSerializer.Serialize(refunded));
                _ = transaction.KeyExpireAsync(ChargesKey, Retention);
            }

            if (await transaction.ExecuteAsync())
            {
                return result;
            }
        }
    }

    private async Task<SimulatedCharge?> FindAsync(IDatabase books, Guid paymentId)
    {
        var stored = await books.HashGetAsync(ChargesKey, paymentId.ToString());
        return stored.HasValue ? JsonSerializer.Deserialize<SimulatedCharge>(stored.ToString()) : null;
    }

    /// <summary>The refund's outcome, and the charge as it is after it (null when nothing was refunded).</summary>
    private static (RefundResult Result, SimulatedCharge? Refunded) Refund(RefundOrder order, SimulatedCharge? charge)
    {
        string? code = charge switch
        {
            null => "resource_missing",
            _ when charge.Reference != order.Reference => "resource_missing",
            { Succeeded: false } => "charge_not_succeeded",
            _ when order.Amount <= 0 || order.Amount > charge.Amount - charge.Refunded => "amount_too_large",
            _ => null,
        };
        var reference = $"sim_re_{order.RefundId:N}";
        var response = JsonSerializer.Serialize(
            new { id = reference, @object = "refund", status = code is null ? "succeeded" : "failed", amount = order.Amount, currency = order.Currency.ToLowerInvariant(), payment_intent = order.Reference, failure_reason = code, reason = order.Reason },
            Json);
        var result = new RefundResult(code is null, reference, code, code is null ? null : $"The refund was refused: {code}.", response);
        return (result, code is null ? charge! with { Refunded = charge!.Refunded + order.Amount } : null);
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

    public decimal Refunded { get; init; }
}
