using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Bazaar.Messaging;

/// <summary>
/// Sends committed outbox rows to the exchange with publisher confirms, oldest first, and marks
/// them sent only once the broker confirmed. Wakes on commit; polls for rows of other instances;
/// backs off while the broker is away and wakes when it is back; sends what was left after a restart.
/// </summary>
internal sealed partial class OutboxRelay<TDb>(
    IServiceScopeFactory scopes,
    BrokerConnection broker,
    CommitSignal<OutboxMessage> signal,
    QueueReadiness readiness,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay<TDb>> logger) : BackgroundService
    where TDb : DbContext
{
    private readonly MessagingOptions settings = options.Value;
    private IChannel? channel;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;
    private DateTimeOffset nextBacklogCount = DateTimeOffset.MinValue;
    private readonly UnroutedRows unrouted = new(options.Value);

    /// <summary>How often the relay counts its backlog while it has one (the outbox_backlog gauge).</summary>
    private static readonly TimeSpan BacklogCountInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var after = Guid.Empty;
        try
        {
            await readiness.Declared.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var recovery = broker.Recovered;
            try
            {
                // A pass goes through the unsent rows oldest first, a batch at a time; a row left
                // for later (unrouted) is passed over, so it never holds back the rows behind it.
                var (taken, last) = await RelayBatchAsync(after, stoppingToken);
                failures = 0;
                if (taken == settings.RelayBatchSize)
                {
                    after = last;
                    continue;
                }

                after = Guid.Empty;
                await CleanUpAsync(stoppingToken);
                await signal.WaitAsync(settings.RelayPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                after = Guid.Empty;
                var delay = settings.Backoff(failures);
                LogRelayFailed(logger, ex, delay.TotalMilliseconds);
                await CloseChannelAsync();
                try
                {
                    // The broker back (the connection recovered) ends the backoff early: what
                    // waited in the outbox goes out at once, not when the backoff runs out.
                    await Task.WhenAny(Task.Delay(delay, stoppingToken), recovery);
                    stoppingToken.ThrowIfCancellationRequested();
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await CloseChannelAsync();
    }

    /// <summary>Sends the next batch of unsent rows after <paramref name="after"/>; returns how many rows it took and the last one's id.</summary>
    private async Task<(int Taken, Guid Last)> RelayBatchAsync(Guid after, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // SKIP LOCKED: several instances of a service relay side by side without sending a row twice at once.
            var rows = await db.Set<OutboxMessage>()
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND id > {after} ORDER BY id LIMIT {settings.RelayBatchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking()
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                await ReportBacklogAsync(db, 0, ct);
                return (0, after);
            }

            var now = DateTimeOffset.UtcNow;
            var due = rows.Where(row => unrouted.Due(row.Id, now)).ToList();
            var publishing = due.Count > 0 ? await GetChannelAsync(ct) : null;
            var outcomes = await Task.WhenAll(due.Select(row => PublishAsync(publishing!, row, ct)));
            var done = new List<Guid>(due.Count);
            foreach (var (row, routed) in due.Zip(outcomes))
            {
                if (routed)
                {
                    done.Add(row.Id);
                    continue;
                }

                switch (unrouted.Retry(row, now))
                {
                    case 0:
                        done.Add(row.Id);
                        LogGivenUp(logger, row.EventName, row.Id, settings.UnroutedGrace.TotalSeconds);
                        break;
                    case 1:
                        LogUnrouted(logger, row.EventName, row.Id);
                        break;
                }
            }

            if (done.Count > 0)
            {
                await db.Set<OutboxMessage>().Where(m => done.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), ct);
            }

            await transaction.CommitAsync(ct);
            unrouted.Forget(done, now);
            MessagingTelemetry.Published.Add(outcomes.Count(routed => routed));
            await ReportBacklogAsync(db, rows.Count, ct);
            return (rows.Count, rows[^1].Id);
        }, cancellationToken);
    }

    private async Task ReportBacklogAsync(TDb db, int taken, CancellationToken cancellationToken)
    {
        if (taken < settings.RelayBatchSize)
        {
            MessagingTelemetry.ReportBacklog(unrouted.Count);
        }
        else if (DateTimeOffset.UtcNow >= nextBacklogCount)
        {
            // Counting reads every unsent row: once per batch, a large backlog (a broker that was
            // away) would be read again for every batch sent, slowing the relay as it grows.
            nextBacklogCount = DateTimeOffset.UtcNow + BacklogCountInterval;
            MessagingTelemetry.ReportBacklog(await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null, cancellationToken));
        }
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < nextCleanup)
        {
            return;
        }

        nextCleanup = DateTimeOffset.UtcNow.AddMinutes(10);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var before = DateTimeOffset.UtcNow - settings.SentRetention;
        var deleted = await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            LogCleanedUp(logger, deleted);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not send; retrying in {DelayMs} ms")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No queue is bound for {EventName} {MessageId} yet; it stays in the outbox and is sent again")]
    private static partial void LogUnrouted(ILogger logger, string eventName, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "No queue was bound for {EventName} {MessageId} within {GraceSeconds} s of its occurrence; given up as an event nobody subscribes to")]
    private static partial void LogGivenUp(ILogger logger, string eventName, Guid messageId, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} sent outbox rows past retention")]
    private static partial void LogCleanedUp(ILogger logger, int count);
}
