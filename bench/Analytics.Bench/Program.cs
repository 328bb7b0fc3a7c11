using System.Diagnostics;
using System.Globalization;
using Bazaar.Analytics;
using Bazaar.Analytics.Bench;
using Bazaar.Analytics.Data;
using Bazaar.Analytics.Sales;
using Bazaar.LocalInfrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

// dotnet bench/Analytics.Bench/bin/Release/net10.0/Bazaar.Analytics.Bench.dll [--events 1000000] [--iterations 200] [--warmup 20] [--hold SECONDS]
var events = Option("--events", 1_000_000);
var iterations = Option("--iterations", 200);
var warmup = Option("--warmup", 20);
var hold = Option("--hold", 0);

// BAZAAR_POSTGRES (a running server) when set, else a throwaway PostgreSQL of our own.
PostgresServer? server = null;
var directory = Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}");
var adminConnection = Environment.GetEnvironmentVariable(LocalStack.PostgresVariable);
if (string.IsNullOrEmpty(adminConnection))
{
    server = await PostgresServer.StartAsync(directory, port: null, throwaway: true);
    adminConnection = server.ConnectionString();
}

var database = $"analytics_bench_{Guid.NewGuid():N}";
var connectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
try
{
    await AdminAsync(adminConnection, $"CREATE DATABASE {database}");
    var options = new DbContextOptionsBuilder<AnalyticsDb>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
    await using (var db = new AnalyticsDb(options))
    {
        await db.Database.MigrateAsync();
    }

    // Whole hours, so the report windows below are the same buckets run after run.
    var now = DateTime.UtcNow;
    var end = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
    var start = end.AddDays(-60);
    var load = Stopwatch.StartNew();
    SalesData.Counts counts;
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        counts = await SalesData.LoadAsync(connection, events, start, end);
    }

    Console.WriteLine(Invariant($"Loaded {counts.Events:N0} events, {counts.Orders:N0} paid orders, {counts.Lines:N0} sold lines, {counts.Refunds:N0} refunds over {start:yyyy-MM-dd HH:mm} to {end:yyyy-MM-dd HH:mm} UTC in {load.Elapsed.TotalSeconds:0.0} s"));

    (string Name, DateTime From, string Interval)[] scenarios =
    [
        ("30 days by day", end.AddDays(-30), "day"),
        ("7 days by hour", end.AddDays(-7), "hour"),
        ("60 days by month", start, "month"),
    ];
    var settings = Options.Create(new AnalyticsOptions());
    var results = new List<(string Name, GetSales.Response Report, double[] Milliseconds)>();
    foreach (var (name, from, interval) in scenarios)
    {
        // Exactly what GET /api/analytics/sales runs for a request: a fresh DbContext per call (pooled connections).
        async Task<(GetSales.Response, double)> RunOnceAsync()
        {
            var watch = Stopwatch.StartNew();
            await using var db = new AnalyticsDb(options);
            var result = await GetSales.HandleAsync(
                from.ToString("O", CultureInfo.InvariantCulture), end.ToString("O", CultureInfo.InvariantCulture), interval, null,
                db, settings, TimeProvider.System, CancellationToken.None);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            return result.Result is Ok<GetSales.Response> ok
                ? (ok.Value!, elapsed)
                : throw new InvalidOperationException($"{name}: the report was refused ({result.Result})");
        }

        for (var i = 0; i < warmup; i++)
        {
            await RunOnceAsync();
        }

        GetSales.Response report = null!;
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            (report, times[i]) = await RunOnceAsync();
        }

        Array.Sort(times);
        results.Add((name, report, times));
        Console.WriteLine(Invariant($"{name}: {report.OrderCount:N0} orders, {report.Series.Count} buckets, net {report.TotalRevenue:N2} {report.Currency}, p99 {Percentile(times, 0.99):0.0} ms"));
    }

    Console.WriteLine();
    Console.WriteLine(Invariant($"{iterations} timed calls per report after {warmup} warm-up calls; load average: {File.ReadAllText("/proc/loadavg").Trim()}"));
    Console.WriteLine();
    Console.WriteLine("| report | buckets | orders | p50 ms | p95 ms | p99 ms | max ms |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
    foreach (var (name, report, ms) in results)
    {
        Console.WriteLine(Invariant($"| {name} | {report.Series.Count} | {report.OrderCount:N0} | {Percentile(ms, 0.50):0.0} | {Percentile(ms, 0.95):0.0} | {Percentile(ms, 0.99):0.0} | {ms[^1]:0.0} |"));
    }

    if (hold > 0)
    {
        // Leaves the loaded database up for a while, e.g. to EXPLAIN the report's queries with psql.
        Console.WriteLine($"Holding {connectionString} for {hold} s");
        await Task.Delay(TimeSpan.FromSeconds(hold));
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (server is null)
    {
        await AdminAsync(adminConnection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
    else
    {
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

// Nearest rank on sorted samples.
static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

static async Task AdminAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
