namespace Bazaar.Ordering;

/// <summary>Bound from the "Ordering" section.</summary>
public sealed class OrderingOptions
{
    public const string Section = "Ordering";

    /// <summary>The name the simulated carrier ships under.</summary>
    public string CarrierName { get; set; } = "bazaar_post";

    /// <summary>Prefix of the simulated carrier's tracking numbers.</summary>
    public string TrackingPrefix { get; set; } = "BZ";

    /// <summary>How long after delivery a customer may ask to return goods (the contract's 30 days).</summary>
    public TimeSpan ReturnWindow { get; set; } = TimeSpan.FromDays(30);

    public bool IsValid() =>
        ReturnWindow > TimeSpan.Zero
        && !string.IsNullOrWhiteSpace(CarrierName)
        && !string.IsNullOrWhiteSpace(TrackingPrefix);
}
