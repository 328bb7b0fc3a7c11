namespace Bazaar.Notifications.Webhooks;

/// <summary>Bound from the "Notifications:Webhooks" section: how events reach the subscribers' URLs.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Notifications:Webhooks";

    /// <summary>
    /// Lets targets resolve to loopback, private, link-local and other internal addresses. Off in
    /// production, so that a subscription cannot make the shop call into its own network (SSRF);
    /// on in development, for receivers on the developer's machine.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>One POST to a receiver, connecting included; a receiver slower than this counts as a failed attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts to one subscription in flight at once per instance, so a slow receiver holds back only its own deliveries.</summary>
    public int ConcurrencyPerSubscription { get; set; } = 4;

    /// <summary>Attempts in flight at once per instance, over all subscriptions.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>How long after the event a delivery is retried before it is given up as failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the worker looks for due deliveries when nothing woke it (retries that came due, other instances' rows).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery belongs to the instance that claimed it; it must outlast an attempt and the wait for a free slot.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered and failed deliveries (and their attempts) are kept for the deliveries route.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(30);

    public bool IsValid() =>
        AttemptTimeout > TimeSpan.Zero && ConcurrencyPerSubscription >= 1 && MaxInFlight >= ConcurrencyPerSubscription
        && RetryFor > TimeSpan.Zero && RetryBaseDelay > TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay
        && PollInterval > TimeSpan.Zero && ClaimTimeout > AttemptTimeout && DeliveryRetention > TimeSpan.Zero;

    /// <summary>Doubling from the base to the cap, with jitter so that the retries of many deliveries spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var delay = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(delay * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }
}
