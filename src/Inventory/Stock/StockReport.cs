using System.Globalization;
using Bazaar.Inventory.Data;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

public static class StockReport
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>Units moved per type; adjusted is the signed net correction.</summary>
    public sealed record Movements(long Received, long Reserved, long Released, long Sold, long Adjusted, long Returned);

    public sealed record Day(DateOnly Date, Movements Movements);

    public sealed record Product(Guid ProductId, Movements Movements, int OnHand, int Reserved, int Available, int LowStockThreshold, StockStatus StockStatus);

    public sealed record Response(DateTimeOffset From, DateTimeOffset To, Movements Totals, IReadOnlyList<Day> Days, IReadOnlyList<Product> Products);

    public static RouteGroupBuilder MapStockReport(this RouteGroupBuilder group)
    {
        group.MapGet("/report", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("StockReport")
            .WithSummary("Movements in [from, to) in total, per UTC day and per product, with current levels (admin; default the last 30 days)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem>> HandleAsync(
        string? from, string? to, InventoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var end = Parse(to, "to", errors) ?? clock.GetUtcNow();
        var start = Parse(from, "from", errors) ?? end - DefaultPeriod;
        if (errors.Count == 0 && (start >= end || end - start > MaxPeriod))
        {
            errors["from"] = [$"from must be before to, and at most {MaxPeriod.TotalDays:0} days before it."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The report period is not valid");
        }

        // Grouped in SQL: the ledger is the biggest table here, and only the sums travel.
        var rows = await db.Database.SqlQuery<MovedRow>($"""
            SELECT product_id, type, (at AT TIME ZONE 'UTC')::date AS day, sum(quantity)::bigint AS quantity
            FROM stock_movements WHERE at >= {start} AND at < {end}
            GROUP BY product_id, type, day
            """).ToListAsync(cancellationToken);
        var moved = rows.Select(r => new Moved(r.ProductId, Enum.Parse<MovementType>(r.Type, ignoreCase: true), r.Day, r.Quantity)).ToList();
        var levels = await db.StockItems
            .GroupBy(s => s.ProductId)
            .Select(g => new { ProductId = g.Key, OnHand = g.Sum(s => s.OnHand), Reserved = g.Sum(s => s.Reserved), Threshold = g.Sum(s => s.LowStockThreshold) })
            .OrderBy(p => p.ProductId)
            .ToListAsync(cancellationToken);

        var days = moved.GroupBy(m => m.Day).OrderBy(g => g.Key).Select(g => new Day(g.Key, Sum(g))).ToList();
        var byProduct = moved.ToLookup(m => m.ProductId);
        var products = levels.Select(p =>
        {
            var now = new StockLevels(p.OnHand, p.Reserved, p.Threshold);
            return new Product(p.ProductId, Sum(byProduct[p.ProductId]), now.OnHand, now.Reserved, now.Available, now.LowStockThreshold, now.Status);
        }).ToList();
        return TypedResults.Ok(new Response(start, end, Sum(moved), days, products));
    }

    private sealed record Moved(Guid ProductId, MovementType Type, DateOnly Day, long Quantity);

    internal sealed class MovedRow
    {
        public Guid ProductId { get; init; }

        public string Type { get; init; } = string.Empty;

        public DateOnly Day { get; init; }

        public long Quantity { get; init; }
    }

    private static Movements Sum(IEnumerable<Moved> moved)
    {
        var totals = moved.GroupBy(m => m.Type).ToDictionary(g => g.Key, g => g.Sum(m => m.Quantity));
        long Of(MovementType type) => totals.GetValueOrDefault(type);
        return new Movements(Of(MovementType.Received), Of(MovementType.Reserved), Of(MovementType.Released), Of(MovementType.Sold), Of(MovementType.Adjusted), Of(MovementType.Returned));
    }

    private static DateTimeOffset? Parse(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed.Year is >= 1970 and < 9999)
        {
            return parsed;
        }

        errors[name] = [$"{name} must be an ISO 8601 date or time between 1970 and 9999."];
        return null;
    }
}
