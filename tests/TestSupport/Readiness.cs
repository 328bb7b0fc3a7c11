using System.Net;
using System.Text.Json;

namespace Bazaar.TestSupport;

/// <summary>
/// A service's readiness as its orchestrator reads it: probed again until it answers 200. Just
/// after start a service is rightly not ready yet (its consumers are still declaring their
/// queues), so a single probe at that moment says nothing about whether it becomes ready.
/// </summary>
public static class Readiness
{
    /// <summary>Probes <c>/health/ready</c> until it answers 200 (one minute at most) and returns the answer's <c>checks</c>.</summary>
    public static async Task<JsonElement> ReadyChecksAsync(this HttpClient client, CancellationToken cancellationToken)
    {
        var last = "no answer";
        JsonElement checks = default;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await client.GetAsync("/health/ready", cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                last = $"{(int)response.StatusCode} {body}";
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").Clone();
                return true;
            },
            TimeSpan.FromMinutes(1),
            () => $"/health/ready answered 200 (last: {last})");
        return checks;
    }
}
