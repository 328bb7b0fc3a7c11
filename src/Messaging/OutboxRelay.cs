using System.Diagnostics;
using System.Text;
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
/// backs off while the broker is away; sends what was left after a restart.
/// </summary>
internal sealed partial class OutboxRelay<TDb>(
    IServiceScopeFactory scopes,
    BrokerConnection broker,
    OutboxSignal signal,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay<TDb>> logger) : BackgroundService
    where TDb : DbContext
{
    private readonly MessagingOptions settings = options.Value;
    private IChannel? channel;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await RelayBatchAsync(stoppingToken);
                failures = 0;
                if (sent < settings.RelayBatchSize)
                {
                    await CleanUpAsync(stoppingToken);
                    await signal.WaitAsync(settings.RelayPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = settings.Backoff(failures);
                LogRelayFailed(logger, ex, delay.TotalMilliseconds);
                await CloseChannelAsync();
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await CloseChannelAsync();
    }

    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
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
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT {settings.RelayBatchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking()
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                MessagingTelemetry.ReportBacklog(0);
                return 0;
            }

            var publishing = await GetChannelAsync(ct);
            await Task.WhenAll(rows.Select(row => PublishAsync(publishing, row, ct)));

            var ids = rows.Select(row => row.Id).ToList();
            var now = DateTimeOffset.UtcNow;
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), ct);
            await transaction.CommitAsync(ct);
            MessagingTelemetry.Published.Add(rows.Count);
            if (rows.Count == settings.RelayBatchSize)
            {
                MessagingTelemetry.ReportBacklog(await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null, ct));
            }
            else
            {
                MessagingTelemetry.ReportBacklog(0);
            }

            return rows.Count;
        }, cancellationToken);
    }

    private async Task PublishAsync(IChannel publishing, OutboxMessage row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"{row.EventName} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", settings.Exchange);
        activity?.SetTag("messaging.message.id", row.Id.ToString());

        var headers = new Dictionary<string, object?>
        {
            [MessageHeaders.OccurredAt] = row.OccurredAt.ToString("O"),
            [MessageHeaders.TraceParent] = activity?.Id ?? row.TraceParent,
        };
        if (row.CorrelationId is not null)
        {
            headers[MessageHeaders.CorrelationId] = row.CorrelationId;
        }

        var properties = new BasicProperties
        {
            MessageId = row.Id.ToString(),
            Type = row.EventName,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(row.OccurredAt.ToUnixTimeSeconds()),
            CorrelationId = row.CorrelationId,
            Headers = headers,
        };
        await publishing.BasicPublishAsync(settings.Exchange, row.EventName, mandatory: false, properties, Encoding.UTF8.GetBytes(row.Payload), cancellationToken);
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }

        await CloseChannelAsync();
        var connection = await broker.GetAsync(cancellationToken);
        channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await BrokerConnection.DeclareExchangeAsync(channel, settings, cancellationToken);
        return channel;
    }

    private async Task CloseChannelAsync()
    {
        if (channel is not null)
        {
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The channel was already broken; that is why it is being replaced.
            }

            channel = null;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} sent outbox rows past retention")]
    private static partial void LogCleanedUp(ILogger logger, int count);
}
