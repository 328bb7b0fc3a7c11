using System.Collections.Concurrent;
using System.Diagnostics;
using Bazaar.AppHost;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Xunit;
using LaunchPlan = Bazaar.AppHost.Platform;

[assembly: AssemblyFixture(typeof(Bazaar.Platform.Tests.RunningPlatform))]

namespace Bazaar.Platform.Tests;

/// <summary>
/// Every service of the launcher's list, each its own process started as the launcher starts it,
/// on free ports, against the run's PostgreSQL (a fresh database each), Redis and RabbitMQ (an
/// exchange and queues of its own). Tests talk to the gateway only, as a browser or app would.
/// </summary>
// Not sealed: SlowProviderPlatform subclasses it to start Payments with a slow provider.
public class RunningPlatform : IAsyncLifetime
{
    private readonly InfrastructureFixture infrastructure = new();
    private readonly List<(ServiceSpec Spec, Process Process, ConcurrentQueue<string> Output)> processes = [];

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The SMTP server the platform sends its mail to.</summary>
    public MailDev Mail { get; } = new();

    public const string AdminEmail = "admin@bazaar.local";

    public const string AdminPassword = "Platform-Admin-Password-1";

    public virtual async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        await Mail.StartAsync();
        var databases = new Dictionary<string, string>();
        foreach (var database in LaunchPlan.Services.Select(s => s.Database).OfType<string>())
        {
            databases[database] = await infrastructure.CreateDatabaseAsync(database);
        }

        var topology = new Topology(LaunchPlan.Services.ToDictionary(s => s.Name, _ => $"http://127.0.0.1:{Ports.Free()}"), string.Empty);
        topology = topology with { PublicUrl = topology.UrlOf("gateway") };
        GatewayUrl = new Uri(topology.PublicUrl);
        var resources = new Infrastructure(db => databases[db], infrastructure.RedisConnectionString, infrastructure.RabbitMqConnectionString, Mail.SmtpPort);
        var run = Guid.NewGuid().ToString("N")[..8];

        foreach (var spec in LaunchPlan.Services)
        {
            var environment = LaunchPlan.Environment(spec, resources, topology);
            environment["Messaging__Exchange"] = $"platform-{run}";
            environment["Messaging__ServiceName"] = $"{spec.Name}-{run}";
            environment["Catalog__SeedDemoData"] = "false";
            // A short payment window, so the timeout path is seen within a test.
            environment["Inventory__ReservationTtl"] = "00:00:20";
            environment["Inventory__ExpirySweepInterval"] = "00:00:01";
            // Tests poll orders every 50 ms; the per-client budget is the gateway tests' subject, not these.
            environment["RateLimits__PermitsPerMinute"] = "100000";
            environment["BAZAAR_ADMIN_PASSWORD"] = AdminPassword;
            environment["Logging__Console__FormatterName"] = "simple";
            environment["Logging__LogLevel__Default"] = "Warning";
            Customize(spec.Name, environment);
            processes.Add(Start(spec, environment));
        }

        this.topology = topology;
        await WaitUntilReadyAsync(topology);
    }

    /// <summary>A service's own address, for what the gateway does not route (its health).</summary>
    public string ServiceUrl(string service) => topology!.UrlOf(service);

    /// <summary>Settings a variant of the platform changes for one service.</summary>
    protected virtual void Customize(string service, Dictionary<string, string> environment)
    {
    }

    private Topology? topology;

    /// <summary>
    /// A client of its own address (X-Forwarded-For, which the gateway believes from loopback):
    /// the gateway's per-client rate limits see many shoppers, as in a real shop, not one.
    /// </summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        var n = Interlocked.Increment(ref clients);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
        return client;
    }

    private int clients;

    /// <summary>What the services printed, for a failure message.</summary>
    public string OutputOf(string service) =>
        string.Join('\n', processes.Where(p => p.Spec.Name == service).SelectMany(p => p.Output).TakeLast(40));

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in processes.Where(p => !p.Process.HasExited))
        {
            _ = Signals.Send(process.Id, Signals.Term);
        }

        foreach (var (_, process, _) in processes)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        await Mail.DisposeAsync();
        await infrastructure.DisposeAsync();
    }

    private static (ServiceSpec, Process, ConcurrentQueue<string>) Start(ServiceSpec spec, Dictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var assembly = Path.Combine(Repository.Root(), "src", spec.Project, "bin", configuration, "net10.0", $"Bazaar.{spec.Project}.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {spec.Name}.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (spec, process, output);
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 500)
        {
            output.TryDequeue(out _);
        }
    }

    private async Task WaitUntilReadyAsync(Topology topology)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        foreach (var (spec, process, output) in processes)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{spec.Name} exited ({process.ExitCode}) while starting:\n{string.Join('\n', output.TakeLast(40))}");
                }

                try
                {
                    using var response = await http.GetAsync($"{topology.UrlOf(spec.Name)}/health/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{spec.Name} not ready after 3 minutes:\n{string.Join('\n', output.TakeLast(40))}");
                }

                await Task.Delay(200);
            }
        }
    }
}
