using System.Net;
using global::Stripe;

namespace Bazaar.Payments.Providers.Stripe;

/// <summary>Stripe's objects and errors in this service's terms; pure, so it is tested without Stripe.</summary>
internal static class StripeMapping
{
    /// <summary>Currencies Stripe counts in whole units (https://docs.stripe.com/currencies#zero-decimal).</summary>
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase) { "BHD", "JOD", "KWD", "OMR", "TND" };

    public static long ToMinorUnits(decimal amount, string currency) => (long)decimal.Round(amount * Factor(currency), 0, MidpointRounding.AwayFromZero);

    public static decimal FromMinorUnits(long amount, string currency) => amount / Factor(currency);

    public static ChargeResult FromIntent(PaymentIntent intent)
    {
        var refunded = intent.LatestCharge is { } charge ? FromMinorUnits(charge.AmountRefunded, intent.Currency) : 0m;
        return intent.Status switch
        {
            "succeeded" => new ChargeResult(ChargeState.Succeeded, intent.Id, null, null, refunded, intent.ToJson()),
            "requires_action" => new ChargeResult(
                ChargeState.Failed, intent.Id, "authentication_required", "The card needs authentication (3-D Secure), which a server-side charge cannot do.", 0, intent.ToJson()),
            "requires_payment_method" or "canceled" => Failed(intent.Id, intent.LastPaymentError, intent.ToJson()),
            // processing, requires_confirmation, requires_capture: not final yet; asked again later.
            _ => new ChargeResult(ChargeState.Processing, intent.Id, null, null, 0, intent.ToJson()),
        };
    }

    /// <summary>A decline or a refused request as a failed charge; null when nobody can say whether it was processed.</summary>
    public static ChargeResult? FromChargeError(StripeException exception)
    {
        ThrowIfUnavailable(exception);
        if (exception.HttpStatusCode is HttpStatusCode.PaymentRequired or HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            return Failed(exception.StripeError?.PaymentIntent?.Id, exception.StripeError, Json(exception));
        }

        return null; // 409 (same key in flight), 5xx: outcome unknown
    }

    public static RefundResult FromRefund(global::Stripe.Refund refund) =>
        refund.Status is "failed" or "canceled"
            ? new RefundResult(false, refund.Id, refund.FailureReason ?? "refund_failed", $"Stripe refused the refund: {refund.FailureReason ?? refund.Status}.", refund.ToJson())
            : new RefundResult(true, refund.Id, null, null, refund.ToJson()); // succeeded, or pending: accepted, settles on its own

    public static RefundResult? FromRefundError(StripeException exception)
    {
        ThrowIfUnavailable(exception);
        return exception.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.PaymentRequired
            ? new RefundResult(false, null, exception.StripeError?.Code ?? "refund_failed", exception.StripeError?.Message ?? exception.Message, Json(exception))
            : null;
    }

    /// <summary>Stripe's codes in the contract's words: a decline for lack of funds is insufficient_funds, any other decline card_declined.</summary>
    public static (string Code, string Message) Failure(string? code, string? declineCode, string? param, string? message)
    {
        var mapped = (code, declineCode) switch
        {
            (_, "insufficient_funds") => FailureCodes.InsufficientFunds,
            ("card_declined", _) => FailureCodes.CardDeclined,
            ("resource_missing", _) when param?.Contains("payment_method", StringComparison.Ordinal) == true => FailureCodes.InvalidPaymentMethod,
            ("payment_intent_authentication_failure", _) => "authentication_required",
            (null or "", _) => FailureCodes.CardDeclined,
            _ => code!,
        };
        return (mapped, string.IsNullOrWhiteSpace(message) ? "The payment was declined." : message);
    }

    private static ChargeResult Failed(string? reference, StripeError? error, string response)
    {
        var (code, message) = Failure(error?.Code, error?.DeclineCode, error?.Param, error?.Message);
        return new ChargeResult(ChargeState.Failed, reference, code, message, 0, response);
    }

    /// <summary>Rate limits and refused credentials mean Stripe did nothing with the request.</summary>
    private static void ThrowIfUnavailable(StripeException exception)
    {
        if (exception.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ProviderUnavailableException($"Stripe refused the request ({(int)exception.HttpStatusCode}): {exception.Message}", exception);
        }
    }

    private static string Json(StripeException exception) =>
        exception.StripeError?.ToJson() ?? System.Text.Json.JsonSerializer.Serialize(new { error = exception.Message, status = (int)exception.HttpStatusCode });

    private static decimal Factor(string currency) => ZeroDecimal.Contains(currency) ? 1m : ThreeDecimal.Contains(currency) ? 1000m : 100m;
}
