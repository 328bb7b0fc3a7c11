using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bazaar.Messaging;

/// <summary>
/// Whether this service's queue and its bindings exist on the broker yet. The relay sends nothing
/// before they do, so an event another service answers with (Inventory's stock level for
/// Catalog's new product) cannot reach the exchange before this service's queue is bound to it.
/// A service without handlers has no queue and is ready at once.
/// </summary>
internal sealed class QueueReadiness(IEnumerable<HandlerRegistration> registrations)
{
    private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HasQueue { get; } = registrations.Any();

    public Task Declared => HasQueue ? declared.Task : Task.CompletedTask;

    public void MarkDeclared() => declared.TrySetResult();
}

/// <summary>
/// Part of /health/ready: a service is ready once its queue is declared, so a launcher that starts
/// the services that publish on their own at start (seeded data) after the others are ready
/// knows every subscriber's queue is there to receive those events.
/// </summary>
internal sealed class QueueHealthCheck(QueueReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !readiness.HasQueue ? HealthCheckResult.Healthy("The service handles no events: it has no queue.")
            : readiness.Declared.IsCompletedSuccessfully ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The service's queue is not declared on the broker yet."));
}
