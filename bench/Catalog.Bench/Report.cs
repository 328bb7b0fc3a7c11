using System.Globalization;
using System.Text;

namespace Bazaar.Catalog.Bench;

/// <summary>The results as the markdown table docs/performance.md shows: each target against the ceiling, round by round.</summary>
internal static class Report
{
    public static string Markdown(List<ScenarioResult> results, List<string> targets)
    {
        var text = new StringBuilder();
        var header = new List<string> { "round", "scenario" };
        foreach (var target in targets)
        {
            header.Add($"{target} req/s (p50 / p99 ms)");
            if (target != "ceiling" && targets.Contains("ceiling"))
            {
                header.Add($"{target} % of ceiling");
            }
        }

        text.AppendLine($"| {string.Join(" | ", header)} |");
        text.AppendLine($"|{string.Concat(Enumerable.Repeat(" --- |", header.Count))}");
        foreach (var group in results.GroupBy(r => (r.Round, r.Scenario)))
        {
            var row = new List<string> { group.Key.Round.ToString(CultureInfo.InvariantCulture), group.Key.Scenario };
            var ceiling = group.FirstOrDefault(r => r.Target == "ceiling");
            foreach (var target in targets)
            {
                // A scenario only the service runs (facets) has no ceiling or database cell.
                var r = group.FirstOrDefault(x => x.Target == target);
                row.Add(r is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{r.RequestsPerSecond:#,0} ({r.P50Ms:0.0} / {r.P99Ms:0.0}){(r.Errors > 0 ? $", {r.Errors} errors" : "")}"));
                if (target != "ceiling" && targets.Contains("ceiling"))
                {
                    row.Add(r is null || ceiling is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * r.RequestsPerSecond / ceiling.RequestsPerSecond:0}%"));
                }
            }

            text.AppendLine($"| {string.Join(" | ", row)} |");
        }

        if (results.Any(r => r.CpuMicrosPerRequest is not null))
        {
            text.AppendLine();
            text.AppendLine($"| round | scenario | {string.Join(" | ", targets.Select(t => $"{t} CPU µs/request"))} |");
            text.AppendLine($"|{string.Concat(Enumerable.Repeat(" --- |", targets.Count + 2))}");
            foreach (var group in results.GroupBy(r => (r.Round, r.Scenario)))
            {
                var cells = targets.Select(t => group.FirstOrDefault(r => r.Target == t)?.CpuMicrosPerRequest is { } cpu
                    ? cpu.ToString("#,0", CultureInfo.InvariantCulture)
                    : "");
                text.AppendLine($"| {group.Key.Round} | {group.Key.Scenario} | {string.Join(" | ", cells)} |");
            }
        }

        // The ceiling bounds the HTTP targets: a round where one beat it is named, not averaged away.
        var beaten = results.GroupBy(r => (r.Round, r.Scenario))
            .SelectMany(g => g.Where(r => r.Target is not ("ceiling" or "database")
                && g.FirstOrDefault(c => c.Target == "ceiling") is { } ceiling && r.RequestsPerSecond > ceiling.RequestsPerSecond)
                .Select(r => $"round {g.Key.Round} {g.Key.Scenario}: {r.Target} beat the ceiling"))
            .ToList();
        if (targets.Contains("ceiling"))
        {
            text.AppendLine();
            text.AppendLine(beaten.Count == 0 ? "The ceiling was the fastest HTTP target in every round." : string.Join("\n", beaten));
        }

        return text.ToString();
    }
}
