using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Bazaar.Payments.Providers;

/// <summary>
/// The provider behind a timeout and a circuit breaker, so a slow or failing provider costs a
/// caller at most the timeout, and once it keeps failing, nothing at all (refused at once, and
/// so certainly not charged). Faults come back as answers the payment rules can act on.
/// </summary>
public sealed partial class PaymentGateway(
    IPaymentProvider provider,
    ResiliencePipelineProvider<string> pipelines,
    ProviderCircuit circuit,
    ILogger<PaymentGateway> logger)
{
    public const string PipelineName = "payment-provider";

    private readonly ResiliencePipeline pipeline = pipelines.GetPipeline(PipelineName);

    /// <summary>True while the circuit is open: calls would be refused without reaching the provider.</summary>
    public bool IsOpen => circuit.IsOpen;

    public TimeSpan Timeout => provider.Timeout;

    public Task<ProviderAnswer<ChargeResult>> ChargeAsync(ChargeOrder order, CancellationToken cancellationToken) =>
        CallAsync("charge", token => provider.ChargeAsync(order, token), cancellationToken);

    public Task<ProviderAnswer<ChargeResult>> RetrieveAsync(ChargeLookup lookup, CancellationToken cancellationToken) =>
        CallAsync("retrieve", token => provider.RetrieveAsync(lookup, token), cancellationToken);

    public Task<ProviderAnswer<RefundResult>> RefundAsync(RefundOrder order, CancellationToken cancellationToken) =>
        CallAsync("refund", token => provider.RefundAsync(order, token), cancellationToken);

    /// <summary>Timeout innermost, so that a timeout counts as a failure for the breaker around it.</summary>
    public static void Configure(ResiliencePipelineBuilder pipeline, CircuitBreakerSettings settings, TimeSpan timeout, ProviderCircuit circuit) =>
        pipeline
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                // The caller giving up is not the provider failing.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && e is not OperationCanceledException),
                OnOpened = args =>
                {
                    circuit.Opened(args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    circuit.Closed();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(timeout);

    private async Task<ProviderAnswer<T>> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return new ProviderAnswer<T>(await pipeline.ExecuteAsync(async token => await call(token), cancellationToken), null);
        }
        catch (BrokenCircuitException)
        {
            return Fault<T>(FaultKind.Unavailable, "The payment provider keeps failing, so calls to it are paused for a while; nothing was sent to it.");
        }
        catch (ProviderUnavailableException ex)
        {
            LogFault(logger, ex, operation, provider.Name);
            return Fault<T>(FaultKind.Unavailable, ex.Message);
        }
        catch (TimeoutRejectedException)
        {
            LogTimeout(logger, operation, provider.Name, provider.Timeout.TotalMilliseconds);
            return Fault<T>(FaultKind.Unknown, $"The payment provider did not answer within {provider.Timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception goes to the log only: this message reaches customers and API answers.
            LogFault(logger, ex, operation, provider.Name);
            return Fault<T>(FaultKind.Unknown, "The payment provider call failed before it answered; its outcome is not known yet.");
        }
    }

    private static ProviderAnswer<T> Fault<T>(FaultKind kind, string message)
        where T : class => new(null, new ProviderFault(kind, message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment provider {Provider} did not answer a {Operation} within {TimeoutMs} ms")]
    private static partial void LogTimeout(ILogger logger, string operation, string provider, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment provider {Provider} failed a {Operation}")]
    private static partial void LogFault(ILogger logger, Exception exception, string operation, string provider);
}

public enum FaultKind
{
    /// <summary>Certainly not processed: the circuit refused the call, or the provider said it did nothing.</summary>
    Unavailable,

    /// <summary>Maybe processed: no answer in time, or an error that does not say.</summary>
    Unknown,
}

public sealed record ProviderFault(FaultKind Kind, string Message)
{
    /// <summary>What is kept as the transaction's provider response when there was no answer.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { error = Kind == FaultKind.Unavailable ? "unavailable" : "unknown_outcome", message = Message });
}

/// <summary>The provider's answer, or the fault that stood in for one.</summary>
public sealed record ProviderAnswer<T>(T? Result, ProviderFault? Fault)
    where T : class;

/// <summary>Whether the breaker is open, for callers that would rather wait than fail (the automatic charges).</summary>
public sealed partial class ProviderCircuit(TimeProvider clock, ILogger<ProviderCircuit> logger)
{
    private long openUntilTicks;

    /// <summary>Open until the break ends; after that one trial call may pass, so callers try again.</summary>
    public bool IsOpen => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref openUntilTicks);

    internal void Opened(TimeSpan breakDuration)
    {
        Interlocked.Exchange(ref openUntilTicks, (clock.GetUtcNow() + breakDuration).UtcTicks);
        LogOpened(logger, breakDuration.TotalSeconds);
    }

    internal void Closed()
    {
        Interlocked.Exchange(ref openUntilTicks, 0);
        LogClosed(logger);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment provider circuit opened for {Seconds} s: calls are refused until then")]
    private static partial void LogOpened(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment provider circuit closed: the provider answers again")]
    private static partial void LogClosed(ILogger logger);
}
