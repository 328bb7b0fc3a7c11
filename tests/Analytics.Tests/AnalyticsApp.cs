using System.Net.Http.Json;
using Bazaar.Analytics.Data;
using Bazaar.TestSupport;

namespace Bazaar.Analytics.Tests;

/// <summary>
/// The Analytics service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
public sealed class AnalyticsApp(InfrastructureFixture infrastructure) : ServiceApp<AnalyticsDb>(infrastructure, "analytics")
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected override TimeSpan HandlingTimeout => Timeout;

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        // One message at a time, in publishing order: a test knows an earlier message was
        // handled once a later one was, which is how it sees a duplicate had no effect.
        settings["Messaging:ConsumerConcurrency"] = "1";
        settings["Logging:LogLevel:Default"] = "Warning";
    }

    /// <summary>GETs <paramref name="url"/> as an admin until <paramref name="done"/> holds, and returns that answer.</summary>
    public async Task<T> ReportWhenAsync<T>(string url, Func<T, bool> done)
    {
        using var admin = Admin();
        T? report = default;
        await Eventually.HoldsAsync(
            async () => done(report = (await admin.GetFromJsonAsync<T>(url, Cancellation))!),
            Timeout,
            $"{url} as expected");
        return report!;
    }
}
