using System.Collections.Concurrent;
using System.Diagnostics;
using Bazaar.AppHost;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using LaunchPlan = Bazaar.AppHost.Platform;

[assembly: AssemblyFixture(typeof(Bazaar.Web.Tests.WebPlatform))]

namespace Bazaar.Web.Tests;

/// <summary>
/// The whole platform as the launcher starts it (each service a process on a free port, real
/// PostgreSQL, Redis, RabbitMQ), plus the web app behind the gateway's catch-all route, plus one
/// headless Chromium. The browser only ever talks to the gateway, as a shopper's would.
/// </summary>
public sealed partial class WebPlatform : IAsyncLifetime
{
    public const string AdminEmail = "admin@bazaar.local";
    public const string AdminPassword = "Web-Tests-Admin-Password-1";

    private readonly InfrastructureFixture infrastructure = new();
    private readonly List<(string Name, string Url, Process Process, ConcurrentQueue<string> Output)> processes = [];
    private readonly SemaphoreSlim starting = new(1, 1);
    private IPlaywright? playwright;
    private int clients;
    private Topology topology = null!;
    private Infrastructure resources = null!;
    private string run = "";

    public Uri GatewayUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public MailDev Mail { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        await Mail.StartAsync();
        var databases = new Dictionary<string, string>();
        foreach (var database in LaunchPlan.Services.Select(s => s.Database).OfType<string>())
        {
            databases[database] = await infrastructure.CreateDatabaseAsync(database);
        }

        var urls = LaunchPlan.Services.ToDictionary(s => s.Name, _ => $"http://127.0.0.1:{Ports.Free()}");
        // Once the launcher lists the web app itself, its port is in the topology; until then it gets one here.
        var webUrl = urls.TryGetValue("web", out var listed) ? listed : $"http://127.0.0.1:{Ports.Free()}";
        topology = new Topology(urls, urls["gateway"]);
        GatewayUrl = new Uri(topology.PublicUrl);
        resources = new Infrastructure(db => databases[db], infrastructure.RedisConnectionString, infrastructure.RabbitMqConnectionString, Mail.SmtpPort);
        run = Guid.NewGuid().ToString("N")[..8];

        // The web app first: the gateway's catch-all route points at it.
        processes.Add(StartWeb("web", webUrl, topology.PublicUrl, infrastructure.RedisConnectionString));
        foreach (var spec in LaunchPlan.Services.Where(s => s.Name != "web"))
        {
            processes.Add(Start(spec.Name, topology.UrlOf(spec.Name), spec.Project, ServiceEnvironment(spec, topology, webUrl)));
        }

        await WaitUntilReadyAsync(processes);

        playwright = await Playwright.CreateAsync();
        // Every expectation polls for up to 30 s (not Playwright's 5 s): eleven services, a browser
        // and the other test suites share two cores in CI, and a page can take seconds to settle.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>A browser page of its own (cookies included), at phone width when asked; through <paramref name="gateway"/> when given.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, Uri? gateway = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (gateway ?? GatewayUrl).ToString().TrimEnd('/'),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        Record(page);
        return page;
    }

    /// <summary>An API client through the gateway (or the given one), for test data.</summary>
    public HttpClient CreateClient(Uri? gateway = null)
    {
        var client = new HttpClient { BaseAddress = gateway ?? GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        var n = Interlocked.Increment(ref clients);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.9.{(n >> 8) & 255}.{n & 255}");
        return client;
    }

    public static string ScreenshotPath(string name)
    {
        var directory = Path.Combine(Repository.Root(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name + ".png");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        foreach (var (_, _, process, _) in processes.Where(p => !p.Process.HasExited))
        {
            _ = Signals.Send(process.Id, Signals.Term);
        }

        foreach (var (_, _, process, _) in processes)
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
        starting.Dispose();
    }

    private static (string, string, Process, ConcurrentQueue<string>) StartWeb(string name, string url, string gateway, string redis) =>
        Start(name, url, "Web", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            // The session denylist the services check: a role change or an ended session reaches the pages too.
            ["ConnectionStrings__redis"] = redis,
            // As the launcher runs it (Platform.Environment): the shop's environment, not a developer's.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__Url"] = gateway,
            ["Logging__LogLevel__Default"] = "Warning",
            // Circuits opened, dropped and reconnected, and events that found no handler: what a page that did not react leaves behind.
            ["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.Circuits"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.ComponentHub"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
        });

    /// <summary>The launcher's environment for one service, plus this test run's own bus names, admin and quiet logs.</summary>
    private Dictionary<string, string> ServiceEnvironment(ServiceSpec spec, Topology at, string webUrl)
    {
        var environment = LaunchPlan.Environment(spec, resources, at);
        environment["Messaging__Exchange"] = $"web-{run}";
        environment["Messaging__ServiceName"] = $"{spec.Name}-{run}";
        environment["Catalog__SeedDemoData"] = "false";
        environment["BAZAAR_ADMIN_PASSWORD"] = AdminPassword;
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__LogLevel__Default"] = "Warning";
        if (spec.Name == "gateway")
        {
            environment["ReverseProxy__Routes__web__ClusterId"] = "web";
            environment["ReverseProxy__Routes__web__Match__Path"] = "{**catch-all}";
            environment["ReverseProxy__Routes__web__Order"] = "1000";
            environment["ReverseProxy__Clusters__web__Destinations__primary__Address"] = webUrl + "/";
            // The browser, the web app's own API calls and the test's setup calls all come from
            // loopback here: one client to the gateway, where a real shop has many.
            environment["RateLimits__PermitsPerMinute"] = "100000";
            environment["RateLimits__AuthPermitsPerMinute"] = "100000";
        }

        return environment;
    }

    private static (string, string, Process, ConcurrentQueue<string>) Start(string name, string url, string project, Dictionary<string, string> environment)
    {
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

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (name, url, process, output);
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

    private static async Task WaitUntilReadyAsync(IEnumerable<(string Name, string Url, Process Process, ConcurrentQueue<string> Output)> starting)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Eleven services starting at once on a machine shared with other builds: minutes, not seconds.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        foreach (var (name, url, process, output) in starting)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{name} exited ({process.ExitCode}) while starting:\n{string.Join('\n', output.TakeLast(40))}");
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
                    throw new TimeoutException($"{name} not ready after 5 minutes:\n{string.Join('\n', output.TakeLast(40))}");
                }

                await Task.Delay(200);
            }
        }
    }
}
