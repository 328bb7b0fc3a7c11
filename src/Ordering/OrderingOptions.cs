namespace Bazaar.Ordering;

/// <summary>Bound from the "Ordering" section.</summary>
public sealed class OrderingOptions
{
    public const string Section = "Ordering";

    /// <summary>How long an Idempotency-Key replays its first response (the contract says 24 h).</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A key whose first request has run this long without completing is taken to belong to a
    /// request that died (a crash between claim and answer): the next request may take it over.
    /// </summary>
    public TimeSpan IdempotencyLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired keys are deleted.</summary>
    public TimeSpan IdempotencySweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The name the simulated carrier ships under.</summary>
    public string CarrierName { get; set; } = "bazaar_post";

    /// <summary>Prefix of the simulated carrier's tracking numbers.</summary>
    public string TrackingPrefix { get; set; } = "BZ";

    public bool IsValid() =>
        IdempotencyRetention > TimeSpan.Zero
        && IdempotencyLease > TimeSpan.Zero
        && IdempotencySweepInterval > TimeSpan.Zero
        && !string.IsNullOrWhiteSpace(CarrierName)
        && !string.IsNullOrWhiteSpace(TrackingPrefix);
}
