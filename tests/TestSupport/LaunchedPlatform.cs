using System.Collections.Concurrent;
using System.Diagnostics;
using Bazaar.AppHost;
using Bazaar.LocalInfrastructure;
using Xunit;
using LaunchPlan = Bazaar.AppHost.Platform;

namespace Bazaar.TestSupport;

/// <summary>
/// Every service of the launcher's list (src/AppHost's Platform), each its own process started as
/// the launcher starts it, on free ports, against the run's PostgreSQL (a fresh database each),
/// Redis, RabbitMQ (an exchange and queues of this run's own) and a MailDev of its own. The
/// whole-platform suites derive from it: each says what it changes per service and, if it must,
/// how it starts them.
/// </summary>
/// <param name="name">Names the run's exchange, so two suites on one broker never share events.</param>
/// <param name="adminPassword">The password Identity seeds the admin account with.</param>
/// <param name="readyWithin">How long every service may take to answer /health/ready.</param>
/// <param name="replicas">
/// Instances of each service that scales (the launcher's <c>--replicas</c>); with more than one,
/// each process is named after its service and number ("ordering-2").
/// </param>
/// <param name="infrastructure">The servers to run on; the run's shared ones (or a throwaway stack) when not given.</param>
public abstract partial class LaunchedPlatform(string name, string adminPassword, TimeSpan readyWithin, int replicas = 1, InfrastructureFixture? infrastructure = null) : IAsyncLifetime
{
    private readonly InfrastructureFixture infrastructure = infrastructure ?? new();
    private readonly List<(string Name, string Url, Process Process, ConcurrentQueue<string> Output, int Instance)> processes = [];
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private Topology topology = null!;
    private Infrastructure resources = null!;
    private int clients;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The SMTP server the platform sends its mail to.</summary>
    public MailDev Mail { get; } = new();

    /// <summary>The services of the launcher's list, in the order it starts them.</summary>
    protected static IEnumerable<string> Services => LaunchPlan.Services.Select(s => s.Name);

    protected string RedisConnectionString => infrastructure.RedisConnectionString;

    /// <summary>The servers the platform runs on.</summary>
    protected InfrastructureFixture Infrastructure => infrastructure;

    /// <summary>The queue the instances of <paramref name="service"/> share on this run's broker (its dead letters: "{queue}.dlq").</summary>
    public string QueueOf(string service) => $"{service}-{run}";

    /// <summary>Each service's database, as a connection string.</summary>
    protected IReadOnlyDictionary<string, string> Databases { get; private set; } = new Dictionary<string, string>();

    /// <summary>The names of the processes of <paramref name="service"/>: the service's own, or one per instance.</summary>
    public IReadOnlyList<string> InstancesOf(string service) =>
        Enumerable.Range(0, topology.InstancesOf(service).Count).Select(i => InstanceName(service, i)).ToList();

    /// <summary>Where each service of the launcher's list listens.</summary>
    protected IReadOnlyDictionary<string, string> Urls => topology.Instances.ToDictionary(i => i.Key, i => i.Value[0]);

    public virtual async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        await Mail.StartAsync();
        var databases = new Dictionary<string, string>();
        foreach (var database in LaunchPlan.Services.Select(s => s.Database).OfType<string>())
        {
            databases[database] = await infrastructure.CreateDatabaseAsync(database);
        }

        Databases = databases;
        var instances = LaunchPlan.Services.ToDictionary(
            s => s.Name,
            s => (IReadOnlyList<string>)Enumerable.Range(0, s.Scales ? replicas : 1).Select(_ => $"http://127.0.0.1:{Ports.Free()}").ToList());
        topology = new Topology(instances, instances["gateway"][0]);
        GatewayUrl = new Uri(topology.PublicUrl);
        resources = new Infrastructure(db => databases[db], infrastructure.RedisConnectionString, infrastructure.RabbitMqConnectionString, Mail.SmtpPort);
        StartServices();
        await WaitUntilReadyAsync();
    }

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

    /// <summary>A service's own address, for what the gateway does not route (its health).</summary>
    public string ServiceUrl(string service) => topology.UrlOf(service);

    /// <summary>What a process printed last, for a failure message.</summary>
    public string OutputOf(string name, int lines = 40) =>
        string.Join('\n', processes.Where(p => p.Name == name).SelectMany(p => p.Output).TakeLast(lines));

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var (_, _, process, _, _) in processes.Where(p => !p.Process.HasExited))
        {
            _ = Signals.Send(process.Id, Signals.Term);
        }

        foreach (var (_, _, process, _, _) in processes)
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
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts every instance of every service of the launcher's list, in its order, with <see cref="EnvironmentOf"/>.</summary>
    protected virtual void StartServices()
    {
        foreach (var service in Services)
        {
            StartInstances(service);
        }
    }

    /// <summary>Starts every instance of <paramref name="service"/>.</summary>
    protected void StartInstances(string service)
    {
        for (var i = 0; i < topology.InstancesOf(service).Count; i++)
        {
            Start(service, EnvironmentOf(service, instance: i), InstanceName(service, i), topology.InstancesOf(service)[i], i);
        }
    }

    /// <summary>What a suite changes for one service, after the launcher's environment and this run's.</summary>
    protected virtual void Customize(string service, Dictionary<string, string> environment)
    {
    }

    /// <summary>
    /// The launcher's environment for <paramref name="service"/> (at <paramref name="urls"/> when a
    /// second entrance gives other addresses), plus this run's bus names, admin, no demo data and
    /// quiet logs, then <see cref="Customize"/>.
    /// </summary>
    protected Dictionary<string, string> EnvironmentOf(string service, IReadOnlyDictionary<string, string>? urls = null, int instance = 0)
    {
        var at = urls is null ? topology : new Topology(urls, topology.PublicUrl);
        var environment = LaunchPlan.Environment(LaunchPlan.Services.Single(s => s.Name == service), resources, at, instance: instance);
        environment["Messaging__Exchange"] = $"{name}-{run}";
        environment["Messaging__ServiceName"] = QueueOf(service);
        environment["Catalog__SeedDemoData"] = "false";
        // Test receivers of webhooks listen on 127.0.0.1.
        environment["Notifications__Webhooks__AllowPrivateTargets"] = "true";
        environment["BAZAAR_ADMIN_PASSWORD"] = adminPassword;
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__LogLevel__Default"] = "Warning";
        Customize(service, environment);
        return environment;
    }

    /// <summary>
    /// Starts the build of <paramref name="service"/> as a process named <paramref name="processName"/>
    /// (the service's own name unless a second instance runs) at <paramref name="url"/> (its place in
    /// the launcher's list unless given).
    /// </summary>
    protected void Start(string service, Dictionary<string, string> environment, string? processName = null, string? url = null, int instance = 0)
    {
        var project = LaunchPlan.Services.Single(s => s.Name == service).Project;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var assembly = Path.Combine(Repository.Root(), "src", project, "bin", configuration, "net10.0", $"Bazaar.{project}.dll");
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

        processName ??= service;
        var output = new ConcurrentQueue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {processName}.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add((processName, url ?? topology.UrlOf(service), process, output, instance));
    }

    /// <summary>Waits until each named process (every one when none is named) answers /health/ready, or fails with what it printed.</summary>
    protected async Task WaitUntilReadyAsync(params string[] names)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + readyWithin;
        // The latest process of each name: one that was terminated and started again is the new one.
        var latest = processes.Where(p => names.Length == 0 || names.Contains(p.Name)).GroupBy(p => p.Name).Select(g => g.Last()).ToList();
        foreach (var (processName, url, process, output, _) in latest)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{processName} exited ({process.ExitCode}) while starting:\n{string.Join('\n', output.TakeLast(40))}");
                }

                try
                {
                    using var response = await http.GetAsync($"{url}/health/ready");
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
                    throw new TimeoutException($"{processName} not ready after {readyWithin.TotalMinutes:0} minutes:\n{string.Join('\n', output.TakeLast(40))}");
                }

                await Task.Delay(200);
            }
        }
    }

    private string InstanceName(string service, int instance) =>
        topology.InstancesOf(service).Count > 1 ? $"{service}-{instance + 1}" : service;

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
}
