using System.Diagnostics;

namespace Bazaar.Messaging;

/// <summary>
/// The trace and correlation id of the work that caused something, kept with it, so that what
/// happens later continues the same trace: an event through the outbox, or work a handler queues
/// in a table for a background worker (Payments' automatic charge). Without it the worker's spans,
/// and the events it publishes, would start a trace of their own.
/// </summary>
public sealed record TraceLink(string? TraceParent, string? CorrelationId)
{
    /// <summary>The longest W3C traceparent ("00-" + 32 + "-" + 16 + "-" + 2 characters).</summary>
    public const int MaxTraceParentLength = 64;

    public const int MaxCorrelationIdLength = 128;

    public static TraceLink Current()
    {
        var activity = Activity.Current;
        return new TraceLink(
            activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            activity?.GetBaggageItem(Outbox.CorrelationBaggage));
    }

    /// <summary>Starts <paramref name="operation"/> as a span of the linked trace, with its correlation id as baggage.</summary>
    public Activity? Continue(string operation, ActivityKind kind = ActivityKind.Internal)
    {
        ActivityContext.TryParse(TraceParent, null, out var parent);
        var activity = MessagingTelemetry.Source.StartActivity(operation, kind, parent);
        if (CorrelationId is not null)
        {
            activity?.SetBaggage(Outbox.CorrelationBaggage, CorrelationId);
        }

        return activity;
    }
}
