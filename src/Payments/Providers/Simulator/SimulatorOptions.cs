namespace Bazaar.Payments.Providers.Simulator;

/// <summary>Bound from "Payments:Simulator"; read on every call, so a reload changes a running simulator.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Payments:Simulator";

    /// <summary>How long every answer takes to come back.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of calls (0 to 1) answered "temporarily unavailable" without doing anything.</summary>
    public double ErrorRate { get; set; }

    /// <summary>How long the service waits for the simulator before giving up on a call (fixed at start).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The Redis key prefix of the simulated processor's books. Every instance of Payments with
    /// the same prefix shares one processor, as they would share a real one.
    /// </summary>
    public string Ledger { get; set; } = "simulated-card-processor";

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(Ledger)
        && Latency >= TimeSpan.Zero && Latency <= TimeSpan.FromMinutes(5)
        && ErrorRate is >= 0 and <= 1
        && Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromMinutes(5);
}
