using System.Collections.Concurrent;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Webhooks;

/// <summary>
/// Sends the pending deliveries. Claims due rows (SKIP LOCKED, so instances never take the same
/// row) by moving their next attempt past a claim timeout, at most a few per subscription, and
/// attempts each beside the others: a subscription has at most ConcurrencyPerSubscription attempts
/// in flight and is not claimed from while it is full, so a slow or dead receiver holds back only
/// its own deliveries. Each attempt and the delivery's new state are recorded together.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    CommitSignal<WebhookDelivery> signal,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly WebhookOptions settings = options.Value;
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> slots = new();
    private readonly ConcurrentDictionary<Guid, int> claimed = new();
    private readonly List<Task> running = [];
    private DateTimeOffset nextPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                await PruneAsync(stoppingToken);
                var room = settings.MaxInFlight - running.Count;
                var rows = room > 0 ? await ClaimAsync(room, stoppingToken) : [];
                failures = 0;
                foreach (var row in rows)
                {
                    claimed.AddOrUpdate(row.SubscriptionId, 1, (_, count) => count + 1);
                    running.Add(AttemptAsync(row, stoppingToken));
                }

                if (rows.Count == 0)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is away: nothing can be claimed, so wait and try again.
                var delay = settings.Backoff(++failures);
                LogClaimFailed(logger, ex, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }

        await Task.WhenAll(running);
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(int room, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var now = clock.GetUtcNow();
        var claimedUntil = now + settings.ClaimTimeout;
        var full = claimed.Where(c => c.Value >= settings.ConcurrencyPerSubscription).Select(c => c.Key).ToArray();
        var perSubscription = settings.ConcurrencyPerSubscription;
        return await db.WebhookDeliveries.FromSql($"""
            WITH due AS (
                SELECT id, subscription_id, next_attempt_at FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= {now} AND NOT (subscription_id = ANY({full}))
                ORDER BY next_attempt_at
                LIMIT {room}
                FOR UPDATE SKIP LOCKED),
            ranked AS (
                SELECT id, row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS rank FROM due)
            UPDATE webhook_deliveries SET next_attempt_at = {claimedUntil}
            WHERE id IN (SELECT id FROM ranked WHERE rank <= {perSubscription})
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    private async Task AttemptAsync(WebhookDelivery row, CancellationToken stoppingToken)
    {
        var slot = slots.GetOrAdd(row.SubscriptionId, _ => new SemaphoreSlim(settings.ConcurrencyPerSubscription));
        try
        {
            await slot.WaitAsync(stoppingToken);
            try
            {
                await DeliverAsync(row, stoppingToken);
            }
            finally
            {
                slot.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(row);
        }
        catch (Exception ex)
        {
            // Its claim runs out and another attempt follows then.
            LogAttemptNotRecorded(logger, ex, row.Id);
        }
        finally
        {
            claimed.AddOrUpdate(row.SubscriptionId, 0, (_, count) => count - 1);
        }
    }

    private async Task DeliverAsync(WebhookDelivery row, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == row.SubscriptionId, stoppingToken);
        if (subscription is null)
        {
            return; // deleted meanwhile; its deliveries went with it
        }

        var startedAt = clock.GetUtcNow();
        var outcome = await sender.PostAsync(subscription, row, stoppingToken);
        var now = clock.GetUtcNow();
        db.Attach(row);
        db.WebhookAttempts.Add(WebhookAttempt.Record(row.Id, startedAt, outcome.StatusCode, outcome.DurationMs, outcome.Error));
        if (outcome.Error is null)
        {
            row.MarkDelivered(now);
            LogDelivered(logger, row.Id, row.EventType, subscription.Id, outcome.StatusCode);
        }
        else
        {
            row.AttemptFailed(outcome.Error, now, settings.Backoff(row.Attempts + 1), row.CreatedAt + settings.RetryFor);
            LogAttemptFailed(logger, row.Id, row.EventType, subscription.Id, row.Attempts, row.Status == WebhookDeliveryStatus.Failed, outcome.Error);
        }

        // Recorded even while stopping: an attempt that was made must show.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Hourly, drops the deliveries that ended longer ago than the retention (their attempts go with them).</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextPrune)
        {
            return;
        }

        nextPrune = now + TimeSpan.FromHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var before = now - settings.DeliveryRetention;
        var pruned = await scope.ServiceProvider.GetRequiredService<NotificationsDb>().WebhookDeliveries
            .Where(d => d.Status != WebhookDeliveryStatus.Pending && d.CreatedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            LogPruned(logger, pruned);
        }
    }

    /// <summary>Not attempted because the instance stops: due again at once, for another instance or the next start.</summary>
    private async Task ReleaseAsync(WebhookDelivery row)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
            var now = clock.GetUtcNow();
            await db.WebhookDeliveries.Where(d => d.Id == row.Id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.NextAttemptAt, now), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAttemptNotRecorded(logger, ex, row.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} ended webhook deliveries past retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming webhook deliveries failed; trying again in {DelayMs} ms")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId}: the attempt's outcome was not recorded; it is attempted again when its claim runs out")]
    private static partial void LogAttemptNotRecorded(ILogger logger, Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} of {EventType} to subscription {SubscriptionId} delivered ({StatusCode})")]
    private static partial void LogDelivered(ILogger logger, Guid deliveryId, string eventType, Guid subscriptionId, int? statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} of {EventType} to subscription {SubscriptionId}: attempt {Attempt} failed (given up: {GivenUp}): {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid deliveryId, string eventType, Guid subscriptionId, int attempt, bool givenUp, string error);
}
