using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;

[assembly: AssemblyFixture(typeof(Bazaar.Web.Tests.WebPlatform))]

namespace Bazaar.Web.Tests;

/// <summary>
/// The whole platform as the launcher starts it (each service a process on a free port, real
/// PostgreSQL, Redis, RabbitMQ), plus the web app behind the gateway's catch-all route, plus one
/// headless Chromium. The browser only ever talks to the gateway, as a shopper's would.
/// </summary>
public sealed partial class WebPlatform() : LaunchedPlatform("web", AdminPassword, EveryServiceReadyWithin)
{
    public const string AdminEmail = "admin@bazaar.local";
    public const string AdminPassword = "Web-Tests-Admin-Password-1";

    // Eleven services starting at once on a machine shared with other builds: minutes, not seconds.
    private static readonly TimeSpan EveryServiceReadyWithin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim starting = new(1, 1);
    private IPlaywright? playwright;
    private int clients;

    public IBrowser Browser { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

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
        // Expectations wait as long as actions do (Playwright's own default is 5 s): on a loaded CI
        // machine a signed-in page's first render took longer, and the test failed on its timing.
        Assertions.SetDefaultExpectTimeout(30_000);
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

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
        starting.Dispose();
    }

    /// <summary>The web app first, as these tests run it: the gateway's catch-all route points at it.</summary>
    protected override void StartServices()
    {
        StartWeb("web", Urls["web"], Urls["gateway"]);
        foreach (var service in Services.Where(s => s != "web"))
        {
            Start(service, EnvironmentOf(service));
        }
    }

    /// <summary>The gateway's catch-all route to the web app (of either entrance), and no per-client budget.</summary>
    protected override void Customize(string service, Dictionary<string, string> environment)
    {
        if (service == "gateway")
        {
            environment["ReverseProxy__Routes__web__ClusterId"] = "web";
            environment["ReverseProxy__Routes__web__Match__Path"] = "{**catch-all}";
            environment["ReverseProxy__Routes__web__Order"] = "1000";
            environment["ReverseProxy__Clusters__web__Destinations__primary__Address"] = environment["Services__web"] + "/";
            // The browser, the web app's own API calls and the test's setup calls all come from
            // loopback here: one client to the gateway, where a real shop has many.
            environment["RateLimits__PermitsPerMinute"] = "100000";
            environment["RateLimits__AuthPermitsPerMinute"] = "100000";
        }
    }

    private void StartWeb(string name, string url, string gateway) =>
        Start("web", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            // The session denylist the services check: a role change or an ended session reaches the pages too.
            ["ConnectionStrings__redis"] = RedisConnectionString,
            // As the launcher runs it (Platform.Environment): the shop's environment, not a developer's.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__Url"] = gateway,
            ["Logging__LogLevel__Default"] = "Warning",
            // Circuits opened, dropped and reconnected, and events that found no handler: what a page that did not react leaves behind.
            ["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.Circuits"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.ComponentHub"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
        }, name, url);
}
