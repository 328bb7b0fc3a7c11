using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Xunit;

[assembly: AssemblyFixture(typeof(Bazaar.Resilience.Tests.FaultedPlatform))]

namespace Bazaar.Resilience.Tests;

/// <summary>
/// The platform as it is meant to run in production, on servers of its own that the suite may
/// break: two instances of every service that scales (one gateway), a three-node RabbitMQ cluster,
/// PostgreSQL and a Redis that keeps its data across a restart. The storefront is left out: the
/// suite shops through the API.
/// </summary>
public sealed class FaultedPlatform() : LaunchedPlatform(
    "resilience",
    AdminPassword,
    TimeSpan.FromMinutes(4),
    replicas: 2,
    infrastructure: InfrastructureFixture.OfItsOwn(new LocalStackOptions(Path.Combine(Path.GetTempPath(), $"bazaar-resilience-{Guid.NewGuid():N}"), Throwaway: true)
    {
        RabbitMqNodes = 3,
        RedisPersistent = true,
    }))
{
    public const string AdminEmail = "admin@bazaar.local";

    public const string AdminPassword = "Resilience-Admin-Password-1";

    /// <summary>The servers under the platform, to stop and kill.</summary>
    public LocalStack Servers => Infrastructure.OwnStack!;

    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    protected override void StartServices()
    {
        foreach (var service in Services.Where(s => s != "web"))
        {
            StartInstances(service);
        }
    }

    protected override void Customize(string service, Dictionary<string, string> environment)
    {
        // The shipped 15-minute payment window: an order waiting through a fault is to be paid, not expired.
        environment["RateLimits__PermitsPerMinute"] = "100000";
        environment["RateLimits__AuthPermitsPerMinute"] = "100000";
        // Each shopper here orders a hundred times within minutes: past the 100 order mails an hour
        // one address may get, which would (rightly) hold back confirmations the invariants count.
        environment["Notifications__RateLimits__TransactionalPerRecipientPerHour"] = "100000";
    }
}
