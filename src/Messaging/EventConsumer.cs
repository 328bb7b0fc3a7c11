using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.Messaging;

/// <summary>
/// The service's durable quorum queue, bound to the events it handles. Workers take the messages
/// that have arrived in batches: inbox claims, handlers, commit, then acks, one transaction per
/// batch. A failing batch is retried message by message; a failing message is retried after a
/// pause, and past the delivery limit the broker moves it to the dead-letter queue while the queue
/// keeps flowing.
/// </summary>
internal sealed partial class EventConsumer<TDb>(
    IServiceScopeFactory scopes,
    BrokerConnection broker,
    IEnumerable<HandlerRegistration> registrations,
    IOptions<MessagingOptions> options,
    ILogger<EventConsumer<TDb>> logger) : BackgroundService
    where TDb : DbContext
{
    private readonly MessagingOptions settings = options.Value;
    private readonly ILookup<string, HandlerRegistration> handlers = registrations.ToLookup(r => r.EventName);
    private IChannel? channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!handlers.Any())
        {
            return; // a service that only publishes has no queue
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await StartConsumingAsync(stoppingToken);
                return; // from here the client's automatic recovery keeps the consumer alive
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = settings.Backoff(attempt);
                LogStartFailed(logger, ex, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Cancel first, so handlers still running give up instead of acking on a closing channel.
        await base.StopAsync(cancellationToken);
        if (channel is not null)
        {
            try
            {
                await channel.CloseAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unacknowledged messages return to the queue when the channel goes, however it goes.
            }
        }
    }

    private async Task StartConsumingAsync(CancellationToken cancellationToken)
    {
        var connection = await broker.GetAsync(cancellationToken);
        channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await DeclareTopologyAsync(channel, cancellationToken);
        await channel.BasicQosAsync(0, settings.Prefetch, global: false, cancellationToken);

        // The client's dispatcher only hands deliveries over; workers take them in batches, so a
        // burst costs one transaction per batch instead of one per message.
        var deliveries = Channel.CreateBounded<Received>(new BoundedChannelOptions(Math.Max(1, (int)settings.Prefetch))
        {
            SingleWriter = true, // the client dispatches one delivery at a time
        });
        for (var i = 0; i < settings.ConsumerConcurrency; i++)
        {
            _ = Task.Run(() => WorkAsync(deliveries.Reader, cancellationToken), CancellationToken.None);
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => deliveries.Writer.WriteAsync(Received.Copy(delivery), cancellationToken).AsTask();
        await channel.BasicConsumeAsync(settings.ServiceName, autoAck: false, consumer, cancellationToken);
        LogConsuming(logger, settings.ServiceName, string.Join(", ", handlers.Select(h => h.Key)));
    }

    /// <summary>Declared at every start: declaring what exists with the same arguments changes nothing.</summary>
    private async Task DeclareTopologyAsync(IChannel declaring, CancellationToken cancellationToken)
    {
        await BrokerConnection.DeclareExchangeAsync(declaring, settings, cancellationToken);
        var quorum = new Dictionary<string, object?> { ["x-queue-type"] = "quorum" };
        await declaring.QueueDeclareAsync(settings.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, quorum, cancellationToken: cancellationToken);
        await declaring.QueueDeclareAsync(settings.ServiceName, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            // The broker counts returns; after MaxDeliveries deliveries it dead-letters the message.
            ["x-delivery-limit"] = settings.MaxDeliveries - 1,
            ["x-dead-letter-exchange"] = string.Empty,
            ["x-dead-letter-routing-key"] = settings.DeadLetterQueue,
        }, cancellationToken: cancellationToken);
        foreach (var eventName in handlers.Select(h => h.Key))
        {
            await declaring.QueueBindAsync(settings.ServiceName, settings.Exchange, eventName, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Takes what has arrived (up to a batch, never waiting for more) and handles it.</summary>
    private async Task WorkAsync(ChannelReader<Received> deliveries, CancellationToken cancellationToken)
    {
        var batch = new List<Message>(settings.ConsumerBatchSize);
        try
        {
            while (await deliveries.WaitToReadAsync(cancellationToken))
            {
                batch.Clear();
                while (batch.Count < settings.ConsumerBatchSize && deliveries.TryRead(out var received))
                {
                    if (await ReadAsync(received) is not { } message)
                    {
                        continue;
                    }

                    if (message.Context.DeliveryCount > 1)
                    {
                        // Delivered before, so probably failed before: alone, it cannot fail a batch again.
                        await HandleAsync([message], cancellationToken);
                    }
                    else
                    {
                        batch.Add(message);
                    }
                }

                if (batch.Count > 0)
                {
                    await HandleAsync(batch, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is unacknowledged returns to the queue when the channel closes.
        }
    }

    /// <summary>Reads the envelope and body; an unreadable message goes straight to the dead-letter queue.</summary>
    private async Task<Message?> ReadAsync(Received received)
    {
        var properties = received.Properties;
        var eventName = properties.Type ?? received.RoutingKey;
        if (Delivery.TryRead(received.Body, properties, eventName, handlers, out var events, out var context))
        {
            return new Message(received.DeliveryTag, eventName, events!, context! with { DeliveryCount = Delivery.Count(properties) + 1 }, properties);
        }

        // Unreadable now means unreadable on every retry.
        LogUnreadable(logger, eventName, properties.MessageId);
        MessagingTelemetry.DeadLettered.Add(1);
        await channel!.BasicRejectAsync(received.DeliveryTag, requeue: false, CancellationToken.None);
        return null;
    }

    /// <summary>
    /// Handles the messages in one transaction, then acks them. If that fails and there were
    /// several, each is handled on its own, so one failing message never holds back the others.
    /// </summary>
    private async Task HandleAsync(IReadOnlyList<Message> batch, CancellationToken cancellationToken)
    {
        try
        {
            await HandleInOneTransactionAsync(batch, cancellationToken);
            foreach (var message in batch)
            {
                await channel!.BasicAckAsync(message.DeliveryTag, multiple: false, CancellationToken.None);
                MessagingTelemetry.ConsumeLag.Record((DateTimeOffset.UtcNow - message.Context.OccurredAt).TotalMilliseconds);
            }

            MessagingTelemetry.Consumed.Add(batch.Count);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException || cancellationToken.IsCancellationRequested)
        {
            // Stopping, or the channel went: unacknowledged messages return to the queue and are
            // redelivered; the inbox records of a committed batch keep their effects single.
            LogInterrupted(logger, batch.Count);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var message in batch)
            {
                await HandleAsync([message], cancellationToken);
            }
        }
        catch (Exception ex)
        {
            var message = batch[0];
            MessagingTelemetry.Failed.Add(1);
            var last = message.Context.DeliveryCount >= settings.MaxDeliveries;
            LogHandlerFailed(logger, ex, message.EventName, message.Context.MessageId, message.Context.DeliveryCount, settings.MaxDeliveries);
            if (last)
            {
                MessagingTelemetry.DeadLettered.Add(1);
                // Returned once more, the broker sees it past the delivery limit and dead-letters it.
                await channel!.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
            else
            {
                // The pause runs beside the worker, which goes on with the messages behind this one.
                _ = ReturnAfterAsync(message.DeliveryTag, settings.Backoff(message.Context.DeliveryCount), cancellationToken);
            }
        }
    }

    private async Task ReturnAfterAsync(ulong deliveryTag, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            await channel!.BasicNackAsync(deliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // Stopping, or the channel went: the message returns to the queue with it.
        }
    }

    private async Task HandleInOneTransactionAsync(IReadOnlyList<Message> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // A failure rolls the whole transaction back, so savepoints around each SaveChanges buy nothing.
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var claimed = await InboxClaims.ClaimAsync(db, batch.SelectMany(m => handlers[m.EventName].Select(h => (m.Context.MessageId, h.HandlerName))).ToList(), ct);
                foreach (var message in batch)
                {
                    await HandleMessageAsync(scope.ServiceProvider, db, message, claimed, ct);
                }

                await transaction.CommitAsync(ct);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true; // the context goes back to the pool
            }
        }, cancellationToken);
    }

    private async Task HandleMessageAsync(IServiceProvider services, TDb db, Message message, HashSet<(Guid, string)> claimed, CancellationToken cancellationToken)
    {
        var properties = message.Properties;
        ActivityContext.TryParse(Delivery.Header(properties, MessageHeaders.TraceParent), null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"{message.EventName} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", settings.ServiceName);
        activity?.SetTag("messaging.message.id", properties.MessageId);
        if (message.Context.CorrelationId is not null)
        {
            activity?.SetBaggage(Outbox.CorrelationBaggage, message.Context.CorrelationId);
        }

        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["MessageId"] = properties.MessageId, ["EventName"] = message.EventName, ["CorrelationId"] = message.Context.CorrelationId });
        try
        {
            foreach (var registration in handlers[message.EventName])
            {
                // Claimed once: a duplicate later in the batch, or a redelivery, finds it gone.
                if (claimed.Remove((message.Context.MessageId, registration.HandlerName)))
                {
                    await registration.Invoke(services, message.Events[registration.EventType], message.Context, cancellationToken);
                    // Saved after each message, so the next message's handler reads what this one wrote.
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>A delivery copied out of the client's buffers, which it reuses once the dispatch returns.</summary>
    private sealed record Received(ulong DeliveryTag, string RoutingKey, IReadOnlyBasicProperties Properties, byte[] Body)
    {
        public static Received Copy(BasicDeliverEventArgs delivery) =>
            new(delivery.DeliveryTag, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray());
    }

    private sealed record Message(ulong DeliveryTag, string EventName, Dictionary<Type, object> Events, EventContext Context, IReadOnlyBasicProperties Properties);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handling {Count} messages interrupted; they will be redelivered")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} messages failed; handling them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming queue {Queue} for {Events}")]
    private static partial void LogConsuming(ILogger logger, string queue, string events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start consuming; retrying in {DelayMs} ms")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {EventName} message {MessageId} sent to the dead-letter queue")]
    private static partial void LogUnreadable(ILogger logger, string eventName, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {EventName} {MessageId} failed on delivery {Delivery} of {MaxDeliveries}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, Guid messageId, int delivery, int maxDeliveries);
}
