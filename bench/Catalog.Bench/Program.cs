using System.Globalization;
using Bazaar.Catalog.Bench;

// dotnet bench/Catalog.Bench/bin/Release/net10.0/Bazaar.Catalog.Bench.dll <catalog-url> [--gateway <gateway-url>]
//   [--ceiling "<postgres connection string>"] [--duration 15] [--concurrency 32] [--rounds 1] [--scenarios list,search,get]
//   [--catalog-pid PID] [--gateway-pid PID]   (to report CPU time per request)
// dotnet .../Bazaar.Catalog.Bench.dll --seed 100000 "<postgres connection string>"   (generated products, see BenchSeed)
if (args is [CeilingProcess.ServeOption, var ceilingConnectionString])
{
    await CeilingProcess.ServeAsync(ceilingConnectionString);
    return 0;
}

if (args is [BenchSeed.Option, var seedCount, var seedConnectionString])
{
    await BenchSeed.RunAsync(seedConnectionString, int.Parse(seedCount, CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine(
        "usage: Catalog.Bench <catalog-url> [--gateway URL] [--ceiling CONNECTION_STRING] [--duration SECONDS] [--concurrency N] [--rounds N] [--scenarios list,search,get,facets,facetsearch]\n" +
        "  [--catalog-pid PID] [--gateway-pid PID]");
    return 2;
}

var options = BenchOptions.Parse(args);
using var http = LoadRunner.CreateClient(options.Concurrency);
var ids = await LoadRunner.CollectIdsAsync(http, options.CatalogUrl);

await using var ceiling = options.CeilingConnectionString is { } connectionString ? await CeilingProcess.StartAsync(connectionString) : null;
var catalogPids = options.CatalogPid is { } catalogPid ? new[] { catalogPid } : [];
var targets = new List<Target>();
if (ceiling is not null)
{
    targets.Add(new Target("ceiling", ceiling.Url, [ceiling.Pid]));
}

targets.Add(new Target("direct", options.CatalogUrl, catalogPids));
if (options.GatewayUrl is { } gatewayUrl)
{
    // Through the gateway a request costs the gateway's CPU and the catalog's.
    targets.Add(new Target("gateway", gatewayUrl, options.GatewayPid is { } gatewayPid && catalogPids.Length > 0 ? [gatewayPid, .. catalogPids] : []));
}

Console.WriteLine(
    $"{ids.Count} products; targets {string.Join(", ", targets.Select(t => $"{t.Name} {t.Url} (PIDs {string.Join(' ', t.Pids)})"))}; " +
    $"{options.Concurrency} concurrent clients, {options.Duration.TotalSeconds:0} s per scenario, {options.Rounds} round(s); " +
    $"load average {LoadRunner.LoadAverage()}");

// Targets take turns within each scenario, so that a change in the machine's load (other
// engineers' builds) hits all of them alike rather than whichever happened to run last.
var scenarios = LoadRunner.Scenarios(ids).Where(s => options.Scenarios.Contains(s.Name)).ToList();

// The ceiling starts fresh while the service may have run for hours: every target first runs
// every scenario once, untimed, so that none is measured while its JIT is still at work.
foreach (var scenario in scenarios)
{
    foreach (var target in TargetsOf(scenario))
    {
        await LoadRunner.WarmUpAsync(http, scenario, target.Url, options, TimeSpan.FromSeconds(5));
    }
}

// The database's own rate for the same statements, in the same turns (with --ceiling and pgbench installed).
var database = options.CeilingConnectionString is { } databaseConnection && DatabaseRate.FindPgbench() is { } pgbench
    ? new DatabaseRate(pgbench, databaseConnection, ids)
    : null;
var results = new List<ScenarioResult>();
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var scenario in scenarios)
    {
        // Each round starts the turn with another target, so that none is always the one measured
        // right after pgbench (the heaviest on the machine) or right after a scenario change.
        var turns = TargetsOf(scenario).Select(t => (Target: t, Database: false)).ToList();
        if (database is not null && !scenario.ServiceOnly)
        {
            turns.Add((Target: turns[0].Target, Database: true));
        }

        foreach (var (target, isDatabase) in turns.Skip((round - 1) % turns.Count).Concat(turns.Take((round - 1) % turns.Count)))
        {
            results.Add(isDatabase ? await database!.RunAsync(scenario.Name, round, options) : await LoadRunner.RunAsync(http, scenario, target, round, options));
        }
    }
}

Console.WriteLine();
Console.WriteLine($"load average at the end {LoadRunner.LoadAverage()}");
Console.WriteLine();
Console.WriteLine(Report.Markdown(results, [.. targets.Select(t => t.Name), .. database is null ? Array.Empty<string>() : ["database"]]));
return results.Any(r => r.Errors > 0) ? 1 : 0;

IEnumerable<Target> TargetsOf(Scenario scenario) => targets.Where(t => !scenario.ServiceOnly || t.Name != "ceiling");
