using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Catalog.Bench;

internal sealed record BenchOptions(string CatalogUrl, TimeSpan Duration, int Concurrency, string? CeilingConnectionString)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            args[0].TrimEnd('/'),
            TimeSpan.FromSeconds(int.TryParse(Value("--duration"), out var seconds) ? seconds : 15),
            int.TryParse(Value("--concurrency"), out var concurrency) ? concurrency : 32,
            Value("--ceiling"));
    }
}

internal sealed record ScenarioResult(string Scenario, string Target, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>Closed-loop load: each client sends its next request as soon as the last one answered.</summary>
internal static class LoadRunner
{
    /// <summary>What shoppers type: whole words, prefixes and two-word phrases.</summary>
    private static readonly string[] Searches = ["wireless headphones", "wirel", "coffee", "running shoes", "laptop", "yoga mat", "garden", "smartw"];

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

    public static async Task<List<ScenarioResult>> RunAllAsync(HttpClient http, string target, string baseUrl, List<Guid> ids, BenchOptions options)
    {
        var scenarios = new (string Name, Func<int, string> Url)[]
        {
            ("list", n => $"{baseUrl}/api/products?page={(n % 5) + 1}&pageSize=20"),
            ("search", n => $"{baseUrl}/api/products?q={Uri.EscapeDataString(Searches[n % Searches.Length])}&pageSize=20"),
            ("get", n => $"{baseUrl}/api/products/{ids[n % ids.Count]}"),
        };
        var results = new List<ScenarioResult>();
        foreach (var (name, url) in scenarios)
        {
            await RunAsync(http, url, options.Concurrency, TimeSpan.FromSeconds(2)); // warm-up: JIT, pools, caches
            var result = await RunAsync(http, url, options.Concurrency, options.Duration);
            results.Add(result with { Scenario = name, Target = target });
            Console.WriteLine($"  {target} {name}: {result.RequestsPerSecond:0} req/s, p99 {result.P99Ms:0.00} ms");
        }

        return results;
    }

    private static async Task<ScenarioResult> RunAsync(HttpClient http, Func<int, string> url, int concurrency, TimeSpan duration)
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
        return new ScenarioResult("", "", all.Count / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
