using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Catalog.Bench;

internal sealed record BenchOptions(
    string CatalogUrl,
    string? GatewayUrl,
    TimeSpan Duration,
    int Concurrency,
    int Rounds,
    string? CeilingConnectionString,
    string[] Scenarios,
    int? CatalogPid,
    int? GatewayPid)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            args[0].TrimEnd('/'),
            Value("--gateway")?.TrimEnd('/'),
            TimeSpan.FromSeconds(int.TryParse(Value("--duration"), out var seconds) ? seconds : 15),
            int.TryParse(Value("--concurrency"), out var concurrency) ? concurrency : 32,
            int.TryParse(Value("--rounds"), out var rounds) ? rounds : 1,
            Value("--ceiling"),
            Value("--scenarios")?.Split(',') ?? ["list", "search", "get", "facets", "facetsearch"],
            int.TryParse(Value("--catalog-pid"), out var catalogPid) ? catalogPid : null,
            int.TryParse(Value("--gateway-pid"), out var gatewayPid) ? gatewayPid : null);
    }
}

/// <param name="ServiceOnly">Only the service runs it (the ceiling and pgbench have no facets): no ceiling or database figure.</param>
internal sealed record Scenario(string Name, Func<string, int, string> Url, bool ServiceOnly = false);

/// <summary>Where to send requests, and the processes that serve them (whose CPU time a request costs), when known.</summary>
internal sealed record Target(string Name, string Url, IReadOnlyList<int> Pids);

/// <param name="CpuMicrosPerRequest">CPU time of the target's processes per request: unlike throughput, barely moved by other load on the machine.</param>
internal sealed record ScenarioResult(
    string Scenario, string Target, int Round, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, double? CpuMicrosPerRequest);

/// <summary>Closed-loop load: each client sends its next request as soon as the last one answered.</summary>
internal static class LoadRunner
{
    /// <summary>What shoppers type: whole words, prefixes and two-word phrases.</summary>
    public static readonly string[] Searches = ["wireless headphones", "wirel", "coffee", "running shoes", "laptop", "yoga mat", "garden", "smartw"];

    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<List<Guid>> CollectIdsAsync(HttpClient http, string baseUrl)
    {
        var ids = new List<Guid>();
        for (var page = 1; page <= 50; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/products?pageSize=100&page={page}");
            var items = body.GetProperty("items");
            ids.AddRange(items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            if (items.GetArrayLength() < 100)
            {
                break;
            }
        }

        return ids.Count > 0 ? ids : throw new InvalidOperationException("The catalog has no products: seed it first (Catalog:SeedDemoData=true).");
    }

    public static IReadOnlyList<Scenario> Scenarios(List<Guid> ids) =>
    [
        new("list", (baseUrl, n) => $"{baseUrl}/api/products?page={(n % 5) + 1}&pageSize=20"),
        new("search", (baseUrl, n) => $"{baseUrl}/api/products?q={Uri.EscapeDataString(Searches[n % Searches.Length])}&pageSize=20"),
        new("get", (baseUrl, n) => $"{baseUrl}/api/products/{ids[n % ids.Count]}"),
        new("facets", (baseUrl, n) => $"{baseUrl}/api/products?page={(n % 5) + 1}&pageSize=20&facets=true", ServiceOnly: true),
        new("facetsearch", (baseUrl, n) => $"{baseUrl}/api/products?q={Uri.EscapeDataString(Searches[n % Searches.Length])}&pageSize=20&facets=true", ServiceOnly: true),
    ];

    public static async Task<ScenarioResult> RunAsync(HttpClient http, Scenario scenario, Target target, int round, BenchOptions options)
    {
        await WarmUpAsync(http, scenario, target.Url, options, TimeSpan.FromSeconds(2)); // connections, pools, caches
        var cpuBefore = CpuTime(target.Pids);
        var result = await MeasureAsync(http, n => scenario.Url(target.Url, n), options.Concurrency, options.Duration);
        var cpu = CpuTime(target.Pids) - cpuBefore;
        result = result with
        {
            Scenario = scenario.Name,
            Target = target.Name,
            Round = round,
            CpuMicrosPerRequest = target.Pids.Count == 0 ? null : cpu.TotalMicroseconds / (result.RequestsPerSecond * options.Duration.TotalSeconds),
        };
        Print(result);
        return result;
    }

    public static void Print(ScenarioResult result) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  round {result.Round} {result.Scenario,-6} {result.Target,-8} {result.RequestsPerSecond,7:0} req/s  p50 {result.P50Ms,6:0.00} ms  p99 {result.P99Ms,7:0.00} ms  " +
            $"cpu {result.CpuMicrosPerRequest,5:0} us/req  errors {result.Errors}  load {LoadAverage()}"));

    private static TimeSpan CpuTime(IReadOnlyList<int> pids) =>
        pids.Aggregate(TimeSpan.Zero, (sum, pid) =>
        {
            using var process = Process.GetProcessById(pid);
            return sum + process.TotalProcessorTime;
        });

    public static Task WarmUpAsync(HttpClient http, Scenario scenario, string baseUrl, BenchOptions options, TimeSpan duration) =>
        MeasureAsync(http, n => scenario.Url(baseUrl, n), options.Concurrency, duration);

    /// <summary>The 1-minute load average (Linux), to be written down beside the numbers it shaped.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task<ScenarioResult> MeasureAsync(HttpClient http, Func<int, string> url, int concurrency, TimeSpan duration)
    {
        var errors = 0L;
        var counter = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < until)
            {
                var n = Interlocked.Increment(ref counter);
                var before = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(url(n), HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            }

            return latencies;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToList();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new ScenarioResult("", "", 0, all.Count / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors, null);
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
