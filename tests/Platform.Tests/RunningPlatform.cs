using Bazaar.TestSupport;
using Xunit;

[assembly: AssemblyFixture(typeof(Bazaar.Platform.Tests.RunningPlatform))]

namespace Bazaar.Platform.Tests;

/// <summary>
/// Every service of the launcher's list, each its own process started as the launcher starts it,
/// on free ports, against the run's PostgreSQL (a fresh database each), Redis and RabbitMQ (an
/// exchange and queues of its own). Tests talk to the gateway only, as a browser or app would.
/// </summary>
// Not sealed: SlowProviderPlatform subclasses it to start Payments with a slow provider.
public class RunningPlatform() : LaunchedPlatform("platform", AdminPassword, TimeSpan.FromMinutes(3))
{
    public const string AdminEmail = "admin@bazaar.local";

    public const string AdminPassword = "Platform-Admin-Password-1";

    /// <summary>These tests' settings for every service; a variant of the platform calls this first, then changes its own.</summary>
    protected override void Customize(string service, Dictionary<string, string> environment)
    {
        // A short payment window, so the timeout path is seen within a test; long enough that a
        // card order is charged within it while two platforms share a loaded CI machine (20 s was
        // not, once).
        environment["Inventory__ReservationTtl"] = "00:00:45";
        environment["Inventory__ExpirySweepInterval"] = "00:00:01";
        // Tests poll orders every 50 ms; the per-client budget is the gateway tests' subject, not these.
        environment["RateLimits__PermitsPerMinute"] = "100000";
    }
}
