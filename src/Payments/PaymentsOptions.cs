namespace Bazaar.Payments;

/// <summary>Bound from the "Payments" section; the providers have their own subsections.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Which card processor charges: <c>simulator</c> (default) or <c>stripe</c>.</summary>
    public string Provider { get; set; } = ProviderNames.Simulator;

    /// <summary>How often the worker looks for automatic charges to make and operations to finish.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Charges and provider operations started per worker round.</summary>
    public int WorkerBatchSize { get; set; } = 20;

    /// <summary>Provider calls the worker has in flight at once.</summary>
    public int WorkerConcurrency { get; set; } = 4;

    /// <summary>First pause before an operation whose outcome is unknown is asked about again; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    public bool IsValid() =>
        ProviderNames.All.Contains(Provider)
        && WorkerPollInterval > TimeSpan.Zero
        && WorkerBatchSize is >= 1 and <= 1000
        && WorkerConcurrency is >= 1 and <= 64
        && RetryBaseDelay > TimeSpan.Zero
        && RetryMaxDelay >= RetryBaseDelay
        && CircuitBreaker.IsValid();

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1: base doubling up to the maximum.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20))));
}

/// <summary>When the provider counts as down: calls are then refused at once instead of waiting for it.</summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Share of failed calls (timeouts, provider errors) within the sampling window that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 5;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsValid() =>
        FailureRatio is > 0 and <= 1
        && MinimumThroughput >= 2
        && SamplingDuration >= TimeSpan.FromMilliseconds(500)
        && BreakDuration >= TimeSpan.FromMilliseconds(500);
}

public static class ProviderNames
{
    public const string Simulator = "simulator";
    public const string Stripe = "stripe";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Simulator, Stripe };
}
