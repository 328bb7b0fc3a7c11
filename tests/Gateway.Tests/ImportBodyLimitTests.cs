using System.Net;
using Bazaar.Gateway;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bazaar.Gateway.Tests;

/// <summary>
/// The gateway passes a CSV import of up to 10 MB to Catalog, whose own route decides the limit;
/// every other route keeps the gateway's 1 MB. Catalog here is a stand-in that counts what it got.
/// </summary>
public sealed class ImportBodyLimitTests : IAsyncLifetime
{
    private readonly int catalogPort = Ports.Free();
    private readonly int gatewayPort = Ports.Free();
    private WebApplication? catalog;
    private KestrelApp<GatewayOptions>? gateway;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{catalogPort}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        catalog = builder.Build();
        catalog.MapGet("/health/ready", () => "Healthy");
        catalog.MapPost("/api/products/{**rest}", async (HttpRequest request) =>
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        await catalog.StartAsync(Cancel);

        gateway = new KestrelApp<GatewayOptions>(gatewayPort, new()
        {
            ["ReverseProxy:Clusters:catalog:Destinations:primary:Address"] = $"http://127.0.0.1:{catalogPort}/",
            ["ReverseProxy:Clusters:catalog:HealthCheck:Active:Enabled"] = "false",
        });
        gateway.StartServer();
    }

    [Fact]
    public async Task Import_NineMegabytes_ReachesCatalogWhole()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}") };
        var body = new byte[9 * 1024 * 1024];

        var response = await client.PostAsync("/api/products/import", Csv(body), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task OtherProductRoute_TwoMegabytes_IsRefusedByTheGateway()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}") };

        var response = await client.PostAsync("/api/products", Csv(new byte[2 * 1024 * 1024]), Cancel);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }

    private static ByteArrayContent Csv(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/csv");
        return content;
    }
}
