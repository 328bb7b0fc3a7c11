using Bazaar.Gateway;
using Bazaar.Identity.Data;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]

namespace Bazaar.Gateway.Tests;

/// <summary>
/// The gateway and Identity, each on a real Kestrel port, wired as the launcher wires them: the
/// gateway proxies to Identity over HTTP, and Identity issues tokens in the gateway's name.
/// </summary>
public sealed class GatewayStack(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private WebApplicationFactory<IdentityDb>? identity;
    private WebApplicationFactory<GatewayOptions>? gateway;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Login and registration requests one client address may make a minute.</summary>
    public int AuthPermitsPerMinute => 5;

    public async ValueTask InitializeAsync()
    {
        var database = await infrastructure.CreateDatabaseAsync("gateway");
        var gatewayPort = Ports.Free();
        var identityPort = Ports.Free();
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");

        identity = new WebApplicationFactory<IdentityDb>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:postgres", database)
            .UseSetting("ConnectionStrings:redis", infrastructure.RedisConnectionString)
            .UseSetting("ConnectionStrings:rabbitmq", infrastructure.RabbitMqConnectionString)
            .UseSetting("Auth:Issuer", GatewayUrl.ToString().TrimEnd('/')));
        identity.UseKestrel(identityPort);
        identity.StartServer();

        gateway = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(web => web
            .UseSetting("ReverseProxy:Clusters:identity:Destinations:primary:Address", $"http://127.0.0.1:{identityPort}/")
            .UseSetting("RateLimits:AuthPermitsPerMinute", AuthPermitsPerMinute.ToString()));
        gateway.UseKestrel(gatewayPort);
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
    }
}
