namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>Bound from the "Idempotency" section of any service that takes Idempotency-Keys.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key replays its first response (the contract says 24 h).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A key whose first request has run this long without an answer belonged to a request that
    /// died (a crash between claim and answer): the same request may take it over.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often keys past their retention are deleted (database stores; Redis expires them itself).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public bool IsValid() => Retention > TimeSpan.Zero && Lease > TimeSpan.Zero && Lease < Retention && SweepInterval > TimeSpan.Zero;
}
