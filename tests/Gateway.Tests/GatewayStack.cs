using Bazaar.Gateway;
using Bazaar.Identity.Data;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]

namespace Bazaar.Gateway.Tests;

/// <summary>
/// The gateway and Identity, each on a real Kestrel port, wired as the launcher wires them: the
/// gateway proxies to Identity over HTTP, and Identity issues tokens in the gateway's name.
/// Identity runs as two instances of which the second is down (nothing listens at its address)
/// and the gateway does not health-check them, so about every other request is sent to the dead
/// one first; Reviews has one instance, <see cref="Reviews"/>, that a test can stop.
/// </summary>
public sealed class GatewayStack(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private WebApplicationFactory<IdentityDb>? identity;
    private WebApplicationFactory<GatewayOptions>? gateway;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Identity's own address, behind the gateway.</summary>
    public Uri IdentityUrl { get; private set; } = null!;

    /// <summary>A stand-in for Reviews' one instance: it answers its health probe until stopped.</summary>
    public ProbedInstance Reviews { get; } = new();

    /// <summary>What the gateway's proxy knows of its clusters and their instances' health.</summary>
    public IServiceProvider GatewayServices => gateway!.Services;

    /// <summary>Login and registration requests one client address may make a minute.</summary>
    public int AuthPermitsPerMinute => 5;

    public async ValueTask InitializeAsync()
    {
        var database = await infrastructure.CreateDatabaseAsync("gateway");
        var gatewayPort = Ports.Free();
        var identityPort = Ports.Free();
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
        IdentityUrl = new Uri($"http://127.0.0.1:{identityPort}");

        identity = new KestrelApp<IdentityDb>(identityPort, new()
        {
            ["ConnectionStrings:postgres"] = database,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Auth:Issuer"] = GatewayUrl.ToString().TrimEnd('/'),
            ["Messaging:Exchange"] = TestEvents.NewExchange(),
        });
        identity.StartServer();

        await Reviews.StartAsync();
        gateway = new KestrelApp<GatewayOptions>(gatewayPort, new()
        {
            ["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = $"http://127.0.0.1:{identityPort}/",
            ["ReverseProxy:Clusters:identity:Destinations:instance2:Address"] = $"http://127.0.0.1:{Ports.Free()}/",
            ["ReverseProxy:Clusters:identity:HealthCheck:Active:Enabled"] = "false",
            ["ReverseProxy:Clusters:reviews:Destinations:primary:Address"] = Reviews.Url + "/",
            // No instance of Catalog is up: nothing listens at its address.
            ["ReverseProxy:Clusters:catalog:Destinations:primary:Address"] = $"http://127.0.0.1:{Ports.Free()}/",
            ["RateLimits:AuthPermitsPerMinute"] = AuthPermitsPerMinute.ToString(),
        });
        gateway.StartServer();
    }

    /// <summary>A client that talks to the gateway over the network, as a browser or app would.</summary>
    public HttpClient CreateClient(string? clientAddress = null)
    {
        var client = new HttpClient { BaseAddress = GatewayUrl };
        if (clientAddress is not null)
        {
            // The gateway trusts X-Forwarded-For from loopback: each test can be its own client address.
            client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (identity is not null)
        {
            await identity.DisposeAsync();
        }

        await Reviews.DisposeAsync();
    }
}
