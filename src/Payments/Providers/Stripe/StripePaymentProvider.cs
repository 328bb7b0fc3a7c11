using global::Stripe;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Providers.Stripe;

/// <summary>
/// Stripe: one PaymentIntent per payment, created and confirmed at once with the payment method,
/// under the payment id as idempotency key; refunds under the refund id. Its own network retries
/// are off: the gateway decides when to ask again (always with the same key).
/// </summary>
public sealed class StripePaymentProvider(IOptions<StripeOptions> options, TimeProvider clock) : IPaymentProvider
{
    private readonly StripeClient client = new(
        options.Value.SecretKey,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, maxNetworkRetries: 0));

    public string Name => ProviderNames.Stripe;

    public TimeSpan Timeout => options.Value.Timeout;

    public async Task<ChargeResult> ChargeAsync(ChargeOrder order, CancellationToken cancellationToken)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = StripeMapping.ToMinorUnits(order.Amount, order.Currency),
            Currency = order.Currency.ToLowerInvariant(),
            PaymentMethod = order.PaymentMethodId,
            Confirm = true,
            // Charged from the server with nobody at a browser: a method that needs a redirect fails instead of waiting.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Metadata = new Dictionary<string, string> { ["payment_id"] = order.PaymentId.ToString(), ["order_id"] = order.OrderId.ToString() },
            Expand = ["latest_charge"],
        };
        try
        {
            var intent = await new PaymentIntentService(client).CreateAsync(create, Idempotent($"charge-{order.PaymentId}"), cancellationToken);
            return StripeMapping.FromIntent(intent);
        }
        catch (StripeException ex)
        {
            // Not in an exception filter: a filter would swallow the ProviderUnavailableException the mapping throws.
            return StripeMapping.FromChargeError(ex) ?? throw new HttpRequestException($"Stripe answered {(int)ex.HttpStatusCode}: {ex.Message}", ex);
        }
    }

    public async Task<ChargeResult> RetrieveAsync(ChargeLookup lookup, CancellationToken cancellationToken)
    {
        var intents = new PaymentIntentService(client);
        if (lookup.Reference is { } reference)
        {
            var intent = await intents.GetAsync(reference, new PaymentIntentGetOptions { Expand = ["latest_charge"] }, cancellationToken: cancellationToken);
            return StripeMapping.FromIntent(intent);
        }

        // The create call never answered, so the intent id is unknown: find it by the payment id it carries.
        var found = await intents.SearchAsync(
            new PaymentIntentSearchOptions { Query = $"metadata['payment_id']:'{lookup.PaymentId}'", Expand = ["data.latest_charge"] },
            cancellationToken: cancellationToken);
        if (found.Data.FirstOrDefault() is { } match)
        {
            return StripeMapping.FromIntent(match);
        }

        var settled = clock.GetUtcNow() - lookup.CreatedAt > options.Value.SearchLag;
        return new ChargeResult(settled ? ChargeState.NotFound : ChargeState.Processing, null, null, null, 0, "{\"search\":\"no payment intent yet\"}");
    }

    public async Task<RefundResult> RefundAsync(RefundOrder order, CancellationToken cancellationToken)
    {
        var create = new RefundCreateOptions
        {
            PaymentIntent = order.Reference,
            Amount = StripeMapping.ToMinorUnits(order.Amount, order.Currency),
            Reason = "requested_by_customer",
            Metadata = new Dictionary<string, string> { ["refund_id"] = order.RefundId.ToString(), ["payment_id"] = order.PaymentId.ToString(), ["reason"] = order.Reason },
        };
        try
        {
            return StripeMapping.FromRefund(await new RefundService(client).CreateAsync(create, Idempotent($"refund-{order.RefundId}"), cancellationToken));
        }
        catch (StripeException ex)
        {
            return StripeMapping.FromRefundError(ex) ?? throw new HttpRequestException($"Stripe answered {(int)ex.HttpStatusCode}: {ex.Message}", ex);
        }
    }

    private static RequestOptions Idempotent(string key) => new() { IdempotencyKey = key };
}
