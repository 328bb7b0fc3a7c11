using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Analytics.Data;

/// <summary>
/// Keeps a partition of <c>analytics_events</c> ready for this month and the next few, so rows
/// rarely land in the DEFAULT partition. Runs at start and then every PartitionCheckInterval.
/// The work is a SQL function (created by the migration) that is safe to call from several
/// instances at once and moves rows out of the DEFAULT partition when their month gets one.
/// </summary>
internal sealed partial class MonthlyPartitions(
    IServiceScopeFactory scopes,
    IOptions<AnalyticsOptions> options,
    TimeProvider clock,
    ILogger<MonthlyPartitions> logger) : BackgroundService
{
    public const string ParentTable = "analytics_events";
    public const string DefaultPartition = "analytics_events_default";

    /// <summary>The partition that holds <paramref name="month"/>'s rows, e.g. analytics_events_2026_01.</summary>
    public static string NameFor(DateTimeOffset month) => $"{ParentTable}_{month.UtcDateTime:yyyy_MM}";

    /// <summary>Creates the partition of the month containing <paramref name="month"/> unless it exists.</summary>
    public static async Task EnsureAsync(AnalyticsDb db, DateTimeOffset month, CancellationToken cancellationToken)
    {
        var firstDay = DateOnly.FromDateTime(month.UtcDateTime);
        await db.Database.ExecuteSqlAsync($"SELECT analytics_ensure_month_partition({firstDay})", cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PartitionCheckInterval, clock);
        try
        {
            do
            {
                await TryEnsureUpcomingAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task TryEnsureUpcomingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureUpcomingAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The DEFAULT partition takes the rows meanwhile; the next round tries again.
            LogFailed(logger, ex);
        }
    }

    private async Task EnsureUpcomingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDb>();
        var now = clock.GetUtcNow();
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        for (var ahead = 0; ahead <= options.Value.PartitionMonthsAhead; ahead++)
        {
            await EnsureAsync(db, thisMonth.AddMonths(ahead), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the upcoming monthly partitions of analytics_events")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
