using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bazaar.Messaging;

/// <summary>Spans and metrics of the bus: "Bazaar.Messaging" for both.</summary>
public static class MessagingTelemetry
{
    public const string Name = "Bazaar.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("bazaar.messaging.published", "{message}", "Events sent to the broker and confirmed");

    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("bazaar.messaging.consumed", "{message}", "Messages handled and acknowledged");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("bazaar.messaging.failed", "{message}", "Handler attempts that threw");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("bazaar.messaging.dead_lettered", "{message}", "Messages moved to the dead-letter queue");

    public static readonly Counter<long> Unrouted = Meter.CreateCounter<long>("bazaar.messaging.unrouted", "{message}", "Events given up because no queue was bound for them within the grace period");

    public static readonly Histogram<double> ConsumeLag = Meter.CreateHistogram<double>("bazaar.messaging.consume_lag", "ms", "From the event's occurrence to its handling");

    private static long outboxBacklog;

    static MessagingTelemetry() =>
        Meter.CreateObservableGauge("bazaar.messaging.outbox_backlog", () => Interlocked.Read(ref outboxBacklog), "{message}", "Committed events not yet sent");

    internal static void ReportBacklog(long count) => Interlocked.Exchange(ref outboxBacklog, count);
}
