using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Bazaar.Catalog.Bench;

/// <summary>
/// The database's own rate: each scenario's statements (the ceiling's SQL, which is the service's)
/// driven straight at PostgreSQL by <c>pgbench</c>, prepared, with the same number of clients and
/// for as long as the HTTP targets. One pgbench transaction is what one request runs: a list or a
/// search is its count and its page, a get its one select. pgbench logs every transaction, from
/// which p50 and p99 come as for the HTTP targets. Its CPU per request is pgbench's own, which is
/// not comparable to a server's and is left out.
/// </summary>
internal sealed class DatabaseRate(string pgbench, string connectionString, IReadOnlyList<Guid> ids)
{
    private static readonly string[] SearchQueries = LoadRunner.Searches
        .Select(CeilingServer.ToTsQuery)
        .OfType<string>()
        .ToArray();

    public static string? FindPgbench() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists).Order().LastOrDefault()
            : null;

    public async Task<ScenarioResult> RunAsync(string scenario, int round, BenchOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("catalog-bench-pgbench-");
        try
        {
            var scripts = Scripts(scenario, folder.FullName);
            var start = new ProcessStartInfo(pgbench)
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            start.Environment["PGHOST"] = settings.Host;
            start.Environment["PGPORT"] = settings.Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = settings.Username;
            start.Environment["PGPASSWORD"] = settings.Password ?? "";
            start.Environment["PGDATABASE"] = settings.Database;
            foreach (var argument in new[] { "-n", "-M", "prepared", "-c", options.Concurrency.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", ((int)options.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-l", "--log-prefix=tx" })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var script in scripts)
            {
                start.ArgumentList.Add("-f");
                start.ArgumentList.Add(script);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await errors}\n{await output}");
            }

            // Each log line: client id, transaction number, latency in microseconds, script number, epoch seconds, microseconds.
            var latencies = Directory.GetFiles(folder.FullName, "tx.*")
                .SelectMany(File.ReadLines)
                .Select(line => line.Split(' '))
                .Where(fields => fields.Length >= 3)
                .Select(fields => long.Parse(fields[2], CultureInfo.InvariantCulture) / 1000.0)
                .Order()
                .ToList();
            var tps = double.Parse(
                (await output).Split('\n').First(l => l.StartsWith("tps = ", StringComparison.Ordinal)).Split(' ')[2],
                CultureInfo.InvariantCulture);
            var result = new ScenarioResult(scenario, "database", round, tps, LoadRunner.Percentile(latencies, 0.50), LoadRunner.Percentile(latencies, 0.99), 0, null);
            LoadRunner.Print(result);
            return result;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The scenario as pgbench scripts: one per search phrase (pgbench picks among them at random, as the clients take turns).</summary>
    private List<string> Scripts(string scenario, string folder)
    {
        var bodies = scenario switch
        {
            "list" => [$"\\set offset random(0, 4) * 20\n{Inline(CeilingServer.ListCountSql)};\n{Inline(CeilingServer.ListPageSql, "20", ":offset")};\n"],
            "search" => SearchQueries.Select(q => $"{Inline(CeilingServer.SearchCountSql, Literal(q))};\n{Inline(CeilingServer.SearchPageSql, Literal(q), "20", "0")};\n").ToList(),
            "get" => [$"\\set n random(1, {ids.Count})\n{Inline(CeilingServer.GetSql, $"('{{{string.Join(',', ids)}}}'::uuid[])[:n]")};\n"],
            _ => throw new ArgumentException($"unknown scenario {scenario}", nameof(scenario)),
        };
        return bodies.Select((body, i) =>
        {
            var path = Path.Combine(folder, $"{scenario}-{i}.sql");
            File.WriteAllText(path, body);
            return path;
        }).ToList();
    }

    /// <summary>Puts pgbench's variables or literals where the SQL has $1, $2, ... (highest first, so $1 does not eat $10).</summary>
    private static string Inline(string sql, params string[] values)
    {
        for (var i = values.Length; i >= 1; i--)
        {
            sql = sql.Replace($"${i}", values[i - 1], StringComparison.Ordinal);
        }

        return sql;
    }

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
