using System.Diagnostics;
using Bazaar.LocalInfrastructure;

namespace Bazaar.AppHost;

/// <summary>Starts the infrastructure, then every service; waits for health; stops it all on Ctrl+C.</summary>
internal static class Launcher
{
    private static readonly ConsoleColor[] Colors =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan];

    /// <param name="developer">Services in Development, with exception details in 500 answers; otherwise in Production.</param>
    /// <param name="replicas">How many instances of each service that scales (<see cref="ServiceSpec.Scales"/>).</param>
    public static async Task<int> RunAsync(bool developer, int replicas = 1)
    {
        using var shutdown = new Shutdown();
        var root = Repository.Root();
        var data = Path.Combine(root, ".data");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var missing = Platform.Services.Select(s => AssemblyPath(root, s, configuration)).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"Not built: {string.Join(", ", missing)}. Run ./run.sh, which builds first.");
            return 1;
        }

        var topology = Topology.Replicated(replicas);
        foreach (var url in Platform.Services.SelectMany(s => topology.InstancesOf(s.Name)))
        {
            Ports.FreeOr(new Uri(url).Port);
        }

        // Started first, since it takes the longest to answer; waited for once the services are up.
        await using var dashboard = Environment.GetEnvironmentVariable("BAZAAR_DASHBOARD") == "off"
            ? null
            : TelemetryDashboard.Start(data, EnvironmentPort("BAZAAR_DASHBOARD_PORT", 18888), EnvironmentPort("BAZAAR_DASHBOARD_OTLP_PORT", 18889));
        Console.WriteLine("starting PostgreSQL, Redis and RabbitMQ ...");
        var ports = new LocalStackOptions(data, Throwaway: false)
        {
            PostgresPort = EnvironmentPort("BAZAAR_POSTGRES_PORT", 5433),
            RedisPort = EnvironmentPort("BAZAAR_REDIS_PORT", 6380),
            RabbitMqPort = EnvironmentPort("BAZAAR_RABBITMQ_PORT", 5673),
        };
        await using var stack = await LocalStack.StartAsync(ports, shutdown.Token);
        foreach (var database in Platform.Services.Select(s => s.Database).OfType<string>())
        {
            await stack.Postgres.EnsureDatabaseAsync(database, shutdown.Token);
        }

        var smtpPort = EnvironmentPort("BAZAAR_SMTP_PORT", 1025);
        await using var smtp = SmtpSink.Start(root, data, smtpPort, EnvironmentPort("BAZAAR_MAIL_WEB_PORT", 1080));
        if (smtp is null)
        {
            Console.WriteLine("MailDev is not installed in .tools/ (./run.sh installs it): mail will not be delivered anywhere.");
        }
        else
        {
            await smtp.WaitUntilReadyAsync(shutdown.Token);
        }

        var infrastructure = new Infrastructure(stack.Postgres.ConnectionString, stack.Redis.ConnectionString, stack.RabbitMq.ConnectionString, smtpPort, dashboard?.OtlpEndpoint);
        var services = Platform.Services
            .SelectMany((s, i) => topology.InstancesOf(s.Name).Select((url, instance) => new SupervisedService(
                s,
                topology.InstancesOf(s.Name).Count > 1 ? $"{s.Name}-{instance + 1}" : s.Name,
                url,
                AssemblyPath(root, s, configuration),
                Platform.Environment(s, infrastructure, topology, developer, instance),
                Colors[i % Colors.Length])))
            .ToList();
        // At a first start, what the seeding services publish reaches every subscriber only if the
        // subscribers' queues exist by then: they start first, and are ready once declared.
        var later = services.Where(s => s.Spec.PublishesOnStart).ToList();
        var first = services.Except(later).ToList();
        var supervision = first.Select(s => s.RunAsync(shutdown.Token)).ToList();

        try
        {
            if (!await WaitForHealthAsync(first, shutdown.Token, patience: TimeSpan.FromMinutes(2)))
            {
                Console.Error.WriteLine(
                    $"starting {string.Join(", ", later.Select(s => s.Label))} anyway: what they publish now does not reach a service that is not ready");
            }

            supervision.AddRange(later.Select(s => s.RunAsync(shutdown.Token)));
            await WaitForHealthAsync(later, shutdown.Token);
            var telemetry = dashboard is not null && await dashboard.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), shutdown.Token) ? dashboard : null;
            PrintTable(topology, stack, smtp, telemetry, developer);
            await Task.WhenAll(supervision);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Console.WriteLine("stopping ...");
            await Task.WhenAll(services.Select(s => s.StopAsync()));
        }

        return 0;
    }

    /// <summary>Polls each service's /health/ready until all answer; false if <paramref name="patience"/> ran out first.</summary>
    private static async Task<bool> WaitForHealthAsync(IReadOnlyList<SupervisedService> services, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        var started = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        var waiting = services.ToList();
        while (waiting.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var service in waiting.ToList())
            {
                try
                {
                    using var response = await http.GetAsync($"{service.Url}/health/ready", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        waiting.Remove(service);
                        service.Write($"ready after {stopwatch.Elapsed.TotalSeconds:0.0} s", ConsoleColor.Green);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            if (waiting.Count > 0)
            {
                if (started.Elapsed > patience)
                {
                    Console.Error.WriteLine($"not ready after {patience.Value.TotalMinutes:0} minutes: {string.Join(", ", waiting.Select(s => s.Label))}; see their log lines above");
                    return false;
                }

                if (stopwatch.Elapsed > TimeSpan.FromMinutes(3))
                {
                    Console.Error.WriteLine($"still not ready after 3 minutes: {string.Join(", ", waiting.Select(s => s.Label))}; see their log lines above");
                    stopwatch.Restart();
                }

                await Task.Delay(250, cancellationToken);
            }
        }

        return true;
    }

    private static void PrintTable(Topology topology, LocalStack stack, SmtpSink? smtp, TelemetryDashboard? dashboard, bool developer)
    {
        var rows = new List<(string, string)> { ("storefront and API", Platform.PublicUrl), ("API docs", $"{Platform.PublicUrl}/api/docs") };
        rows.AddRange(Platform.Services.Select(s => (s.Name, string.Join(' ', topology.InstancesOf(s.Name)))));
        rows.Add(("postgres", $"127.0.0.1:{stack.Postgres.Port} (user postgres)"));
        rows.Add(("redis", stack.Redis.ConnectionString));
        rows.Add(("rabbitmq", $"127.0.0.1:{stack.RabbitMq.Port}"));
        if (smtp is not null)
        {
            rows.Add(("mail (smtp)", $"127.0.0.1:{smtp.SmtpPort}"));
            rows.Add(("mail (inbox)", smtp.WebUrl));
        }

        rows.Add(dashboard is null
            ? ("telemetry", "none (no dashboard: traces, metrics and logs are not exported)")
            : ("telemetry", $"{dashboard.Url} (Aspire Dashboard; log {dashboard.LogFile})"));

        Console.WriteLine();
        Console.WriteLine(developer
            ? "Bazaar is up, in Development: a 500 shows its exception to whoever caused it. Ctrl+C stops everything."
            : "Bazaar is up, in Production (./run.sh --dev shows exception details). Ctrl+C stops everything.");
        foreach (var (name, url) in rows)
        {
            Console.WriteLine($"  {name,-20} {url}");
        }

        Console.WriteLine();
    }

    private static string AssemblyPath(string root, ServiceSpec service, string configuration) =>
        Path.Combine(root, "src", service.Project, "bin", configuration, "net10.0", $"Bazaar.{service.Project}.dll");

    private static int EnvironmentPort(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var port) ? port : fallback;
}
