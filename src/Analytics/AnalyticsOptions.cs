namespace Bazaar.Analytics;

/// <summary>Bound from the "Analytics" section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>The sales report's currency when a request names none (the shop's default).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Largest accepted <c>properties</c> object of a tracked client event, as UTF-8 JSON.</summary>
    public int MaxPropertiesBytes { get; set; } = 4096;

    /// <summary>Most buckets a report may have: bounds the work one request can ask of the database.</summary>
    public int MaxBuckets { get; set; } = 2000;

    /// <summary>How many products the sales report lists.</summary>
    public int TopProducts { get; set; } = 10;

    /// <summary>Monthly partitions kept ready beyond the current month.</summary>
    public int PartitionMonthsAhead { get; set; } = 3;

    public TimeSpan PartitionCheckInterval { get; set; } = TimeSpan.FromHours(6);

    public bool IsValid() =>
        Currency is { Length: 3 } && Currency.All(char.IsAsciiLetterUpper)
        && MaxPropertiesBytes is > 0 and <= 65_536
        && MaxBuckets is > 0 and <= 100_000
        && TopProducts is > 0 and <= 100
        && PartitionMonthsAhead is >= 1 and <= 24
        && PartitionCheckInterval > TimeSpan.Zero;
}
