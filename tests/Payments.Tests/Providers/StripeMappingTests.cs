using System.Net;
using Bazaar.Payments.Providers;
using Bazaar.Payments.Providers.Stripe;
using Stripe;

namespace Bazaar.Payments.Tests.Providers;

/// <summary>
/// The Stripe adapter's translation, tested without Stripe: this environment has no network, so
/// the calls themselves (create+confirm, retrieve, search, refund) are not exercised here.
/// </summary>
public sealed class StripeMappingTests
{
    [Theory]
    [InlineData(19.99, "USD", 1999)]
    [InlineData(0.5, "eur", 50)]
    [InlineData(500, "JPY", 500)]
    [InlineData(1.25, "KWD", 1250)]
    public void ToMinorUnits_CountsInTheCurrencysSmallestUnit(decimal amount, string currency, long expected)
    {
        Assert.Equal(expected, StripeMapping.ToMinorUnits(amount, currency));
        Assert.Equal(amount, StripeMapping.FromMinorUnits(expected, currency));
    }

    [Theory]
    [InlineData("card_declined", "generic_decline", null, "card_declined")]
    [InlineData("card_declined", "insufficient_funds", null, "insufficient_funds")]
    [InlineData("resource_missing", null, "payment_method", "invalid_payment_method")]
    [InlineData("expired_card", null, null, "expired_card")]
    [InlineData(null, null, null, "card_declined")]
    public void Failure_MapsStripeCodesToTheContractsCodes(string? code, string? declineCode, string? param, string expected) =>
        Assert.Equal(expected, StripeMapping.Failure(code, declineCode, param, "message").Code);

    [Fact]
    public void FromIntent_Succeeded_IsASucceededChargeWithItsIdAndRefunds()
    {
        var intent = new PaymentIntent { Id = "pi_1", Status = "succeeded", Currency = "usd", LatestCharge = new Charge { AmountRefunded = 250 } };

        var result = StripeMapping.FromIntent(intent);

        Assert.Equal((ChargeState.Succeeded, "pi_1", 2.50m), (result.State, result.Reference, result.AmountRefunded));
        Assert.Contains("\"pi_1\"", result.Response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("requires_payment_method", ChargeState.Failed)]
    [InlineData("requires_action", ChargeState.Failed)]
    [InlineData("processing", ChargeState.Processing)]
    [InlineData("requires_capture", ChargeState.Processing)]
    public void FromIntent_OtherStatuses_AreFailedOrNotFinalYet(string status, ChargeState expected)
    {
        var intent = new PaymentIntent { Id = "pi_2", Status = status, Currency = "usd", LastPaymentError = new StripeError { Code = "card_declined", DeclineCode = "insufficient_funds" } };

        Assert.Equal(expected, StripeMapping.FromIntent(intent).State);
    }

    [Fact]
    public void FromChargeError_CardError_IsAFailedChargeWithTheDeclineCode()
    {
        var error = new StripeError { Type = "card_error", Code = "card_declined", DeclineCode = "insufficient_funds", Message = "Your card has insufficient funds.", PaymentIntent = new PaymentIntent { Id = "pi_3" } };

        var result = StripeMapping.FromChargeError(new StripeException(HttpStatusCode.PaymentRequired, error, error.Message));

        Assert.Equal((ChargeState.Failed, "insufficient_funds", "pi_3"), (result?.State, result?.FailureCode, result?.Reference));
    }

    [Fact]
    public void FromChargeError_RateLimitedOrUnauthorized_MeansNothingWasDone() =>
        Assert.All(
            [HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized],
            status => Assert.Throws<ProviderUnavailableException>(() => StripeMapping.FromChargeError(new StripeException(status, new StripeError(), "no"))));

    [Fact]
    public void FromChargeError_ServerErrorOrConflict_IsUnknownOutcome()
    {
        Assert.Null(StripeMapping.FromChargeError(new StripeException(HttpStatusCode.InternalServerError, new StripeError(), "boom")));
        Assert.Null(StripeMapping.FromChargeError(new StripeException(HttpStatusCode.Conflict, new StripeError { Code = "idempotency_key_in_use" }, "busy")));
    }

    [Fact]
    public void FromRefund_PendingIsAcceptedFailedIsRefused()
    {
        Assert.True(StripeMapping.FromRefund(new Refund { Id = "re_1", Status = "pending" }).Succeeded);
        Assert.False(StripeMapping.FromRefund(new Refund { Id = "re_2", Status = "failed", FailureReason = "expired_or_canceled_card" }).Succeeded);
    }
}
