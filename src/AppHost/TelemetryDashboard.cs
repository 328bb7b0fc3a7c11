using System.Reflection;
using Bazaar.LocalInfrastructure;

namespace Bazaar.AppHost;

/// <summary>
/// The Aspire Dashboard, run standalone: the services send it their traces, metrics and logs over
/// OTLP (gRPC) and it shows them on a web page. Optional: when it cannot be found or does not
/// start, the platform runs without telemetry and the launcher says so.
/// </summary>
internal sealed class TelemetryDashboard(ServerProcess process, int webPort, int otlpPort) : IAsyncDisposable
{
    /// <summary>Where the build left the dashboard: the AppHost's PackageDownload, in the NuGet cache.</summary>
    public static string? Executable { get; } = typeof(TelemetryDashboard).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value;

    public string Url => $"http://127.0.0.1:{webPort}";

    /// <summary>The dashboard's OTLP/gRPC endpoint, the services' OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string OtlpEndpoint => $"http://127.0.0.1:{otlpPort}";

    public string LogFile => process.LogFile;

    /// <summary>Starts the dashboard without waiting for it; null, with the reason printed, when it cannot start.</summary>
    public static TelemetryDashboard? Start(string dataDirectory, int webPort, int otlpPort)
    {
        if (Executable is not { } executable || !File.Exists(executable))
        {
            Console.WriteLine($"The Aspire Dashboard is not at {Executable} (dotnet build src/AppHost downloads it): the platform runs without a telemetry dashboard.");
            return null;
        }

        if (Ports.IsInUse(webPort) || Ports.IsInUse(otlpPort))
        {
            Console.WriteLine($"Port {webPort} or {otlpPort} is already in use: the platform runs without a telemetry dashboard.");
            return null;
        }

        var process = ServerProcess.Start(
            "aspire-dashboard",
            ServerProcess.Quote(executable),
            marker: "Aspire.Dashboard",
            logFile: Path.Combine(dataDirectory, "aspire-dashboard.log"),
            pidDirectory: Path.Combine(dataDirectory, "pids"),
            environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{webPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpPort}",
                // Loopback only, on a developer's machine: no browser token, no OTLP key.
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                // Its content root (wwwroot, appsettings.json) is the folder it is in.
                ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(executable)!,
            });
        return new TelemetryDashboard(process, webPort, otlpPort);
    }

    /// <summary>True once its page answers; false, with the reason printed, if it exited or took too long.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Ports.WaitUntilAsync(process, async () => await AnswersAsync(http, cancellationToken), patience, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"The telemetry dashboard did not start; the platform runs without it. {ex.Message}");
            return false;
        }
    }

    public ValueTask DisposeAsync() => new(process.StopAsync(Signals.Term, TimeSpan.FromSeconds(5)));

    private async Task<bool> AnswersAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(Url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
