namespace Bazaar.Ordering;

/// <summary>Bound from the "Ordering" section.</summary>
public sealed class OrderingOptions
{
    public const string Section = "Ordering";

    /// <summary>The name the simulated carrier ships under.</summary>
    public string CarrierName { get; set; } = "bazaar_post";

    /// <summary>Prefix of the simulated carrier's tracking numbers.</summary>
    public string TrackingPrefix { get; set; } = "BZ";

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(CarrierName)
        && !string.IsNullOrWhiteSpace(TrackingPrefix);
}
