using Bazaar.LocalInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Gateway.Tests;

/// <summary>An instance of a service reduced to its readiness probe, on a real port, that a test can stop.</summary>
public sealed class ProbedInstance : IAsyncDisposable
{
    private readonly int port = Ports.Free();
    private WebApplication? app;

    public string Url => $"http://127.0.0.1:{port}";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/health/ready", () => "Healthy");
        app.MapGet("/api/reviews/ping", () => "pong");
        await app.StartAsync();
    }

    /// <summary>Stops answering: its port is closed, as when the process is killed.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
