using Bazaar.Inventory.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Inventory.Reservations;

/// <summary>
/// Releases reservations whose payment window closed and tells Ordering (ReservationExpired).
/// Several instances sweep side by side: SKIP LOCKED gives each its own rows, and a reservation
/// being sold or cancelled right now (its row locked) is left to that handler.
/// </summary>
internal sealed partial class ReservationExpiry(
    IServiceScopeFactory scopes,
    IOptions<InventoryOptions> options,
    TimeProvider clock,
    ILogger<ReservationExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, clock);
        do
        {
            try
            {
                while (await ExpireBatchAsync(stoppingToken) == options.Value.ExpiryBatchSize)
                {
                    // A full batch: there may be more due right now.
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task<int> ExpireBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        var reservations = scope.ServiceProvider.GetRequiredService<StockReservations>();
        var batchSize = options.Value.ExpiryBatchSize;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Reservations
                .FromSql($"SELECT * FROM reservations WHERE status = 'reserved' AND expires_at <= {now} ORDER BY expires_at LIMIT {batchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return 0;
            }

            var orderIds = due.Select(r => r.OrderId).ToList();
            await db.ReservationLines.Where(l => orderIds.Contains(l.OrderId)).LoadAsync(ct);
            await reservations.ExpireAsync(due, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            LogExpired(logger, due.Count);
            return due.Count;
        }, cancellationToken);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} expired reservations")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reservation expiry sweep failed; trying again at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
