namespace Bazaar.Payments.Providers.Stripe;

/// <summary>Bound from "Payments:Stripe". Secrets come from user secrets or the environment, never appsettings.json.</summary>
public sealed class StripeOptions
{
    public const string Section = "Payments:Stripe";

    /// <summary>The account's secret API key (sk_test_... or sk_live_...); required when Payments:Provider is stripe.</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>The webhook endpoint's signing secret (whsec_...); without it every webhook is refused.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>How long the service waits for one Stripe API call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How old a webhook's signature timestamp may be (Stripe's default tolerance).</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Stripe's search index lags writes by up to about a minute: a charge not found by its payment
    /// id counts as never received only once it is older than this.
    /// </summary>
    public TimeSpan SearchLag { get; set; } = TimeSpan.FromMinutes(2);
}
