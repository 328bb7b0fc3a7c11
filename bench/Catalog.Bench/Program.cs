using System.Globalization;
using Bazaar.Catalog.Bench;

// dotnet run -c Release --project bench/Catalog.Bench -- <catalog-url> [--duration 15] [--concurrency 32] [--ceiling "<postgres connection string>"]
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: Catalog.Bench <catalog-url> [--duration SECONDS] [--concurrency N] [--ceiling CONNECTION_STRING]");
    return 2;
}

var options = BenchOptions.Parse(args);
using var http = LoadRunner.CreateClient(options.Concurrency);
var ids = await LoadRunner.CollectIdsAsync(http, options.CatalogUrl);
Console.WriteLine($"{ids.Count} products found at {options.CatalogUrl}; {options.Concurrency} concurrent clients, {options.Duration.TotalSeconds:0} s per scenario");

var results = new List<ScenarioResult>();
results.AddRange(await LoadRunner.RunAllAsync(http, "catalog", options.CatalogUrl, ids, options));

if (options.CeilingConnectionString is { } connectionString)
{
    await using var ceiling = await CeilingServer.StartAsync(connectionString);
    results.AddRange(await LoadRunner.RunAllAsync(http, "ceiling", ceiling.Url, ids, options));
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-8} {"target",-8} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Scenario,-8} {r.Target,-8} {r.RequestsPerSecond,9:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7}"));
}

return results.Any(r => r.Errors > 0) ? 1 : 0;
