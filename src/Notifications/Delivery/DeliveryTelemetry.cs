using System.Diagnostics.Metrics;

namespace Bazaar.Notifications.Delivery;

/// <summary>The Bazaar.Notifications meter (ServiceDefaults exports every Bazaar.* meter).</summary>
internal static class DeliveryTelemetry
{
    private static readonly Meter Meter = new("Bazaar.Notifications");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("bazaar.notifications.sent", description: "Notifications sent, by channel");

    public static readonly Counter<long> Retried = Meter.CreateCounter<long>("bazaar.notifications.retried", description: "Failed sends that will be retried");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("bazaar.notifications.failed", description: "Notifications given up");

    public static readonly Counter<long> Postponed = Meter.CreateCounter<long>("bazaar.notifications.postponed", description: "Sends put off because the channel was unreachable");

    public static readonly Counter<long> Skipped = Meter.CreateCounter<long>("bazaar.notifications.skipped", description: "Notifications not sent at dispatch: preferences turned off meanwhile, or over the recipient's rate limit");
}
