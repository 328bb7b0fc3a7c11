using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
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
    QueueReadiness readiness,
    IEnumerable<HandlerRegistration> registrations,
    IOptions<MessagingOptions> options,
    ILogger<EventConsumer<TDb>> logger) : DrainingBackgroundService
    where TDb : DbContext
{
    private readonly MessagingOptions settings = options.Value;
    private readonly ILookup<string, HandlerRegistration> handlers = registrations.ToLookup(r => r.EventName);
    private readonly List<Task> workers = [];
    private IChannel? channel;
    private string? consumerTag;

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

    /// <summary>
    /// A clean stop (SIGTERM): no new deliveries, no new batch; a batch under way is handled,
    /// committed and acknowledged, unless the host's shutdown timeout runs out first, when its
    /// handlers are cancelled and its messages return to the queue. Deliveries buffered but not
    /// begun return to the queue when the channel closes.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true } && consumerTag is not null)
        {
            try
            {
                await channel.BasicCancelAsync(consumerTag, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The channel is going anyway: nothing more is delivered on it.
            }
        }

        await base.StopAsync(cancellationToken);
        if (Abandoned.IsCancellationRequested)
        {
            LogStopTimedOut(logger);
        }

        if (channel is not null)
        {
            try
            {
                await channel.CloseAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unacknowledged messages return to the queue when the channel goes, however it goes.
            }
        }
    }

    /// <summary>The workers: each ends once stopping, after the batch it has in hand.</summary>
    protected override Task DrainAsync() => Task.WhenAll(workers);

    private async Task StartConsumingAsync(CancellationToken cancellationToken)
    {
        var connection = await broker.GetAsync(cancellationToken);
        channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await DeclareTopologyAsync(channel, cancellationToken);
        readiness.MarkDeclared();
        await channel.BasicQosAsync(0, settings.Prefetch, global: false, cancellationToken);

        // The client's dispatcher only hands deliveries over; workers take them in batches, so a
        // burst costs one transaction per batch instead of one per message.
        var deliveries = Channel.CreateBounded<Received>(new BoundedChannelOptions(Math.Max(1, (int)settings.Prefetch))
        {
            SingleWriter = true, // the client dispatches one delivery at a time
        });
        for (var i = 0; i < settings.ConsumerConcurrency; i++)
        {
            workers.Add(Task.Run(() => WorkAsync(deliveries.Reader, cancellationToken), CancellationToken.None));
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => deliveries.Writer.WriteAsync(Received.Copy(delivery), cancellationToken).AsTask();
        consumerTag = await channel.BasicConsumeAsync(settings.ServiceName, autoAck: false, consumer, cancellationToken);
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

    /// <summary>
    /// Takes what has arrived (up to a batch, never waiting for more) and handles it, until the
    /// service stops (<paramref name="stopping"/>); a batch begun is handled to its end.
    /// </summary>
    private async Task WorkAsync(ChannelReader<Received> deliveries, CancellationToken stopping)
    {
        var batch = new List<Message>(settings.ConsumerBatchSize);
        try
        {
            while (await deliveries.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < settings.ConsumerBatchSize && !stopping.IsCancellationRequested && deliveries.TryRead(out var received))
                {
                    if (await ReadAsync(received) is not { } message)
                    {
                        continue;
                    }

                    if (message.Context.DeliveryCount > 1)
                    {
                        // Delivered before, so probably failed before: alone, it cannot fail a batch again.
                        await HandleAsync([message], Abandoned);
                    }
                    else
                    {
                        batch.Add(message);
                    }
                }

                if (batch.Count > 0)
                {
                    await HandleAsync(batch, Abandoned);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
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

    /// <summary>A delivery copied out of the client's buffers, which it reuses once the dispatch returns.</summary>
    private sealed record Received(ulong DeliveryTag, string RoutingKey, IReadOnlyBasicProperties Properties, byte[] Body)
    {
        public static Received Copy(BasicDeliverEventArgs delivery) =>
            new(delivery.DeliveryTag, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray());
    }

    private sealed record Message(ulong DeliveryTag, string EventName, Dictionary<Type, object> Events, EventContext Context, IReadOnlyBasicProperties Properties);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming queue {Queue} for {Events}")]
    private static partial void LogConsuming(ILogger logger, string queue, string events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start consuming; retrying in {DelayMs} ms")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consumer's batch under way did not finish within the shutdown timeout; its handlers are cancelled and its messages return to the queue")]
    private static partial void LogStopTimedOut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {EventName} message {MessageId} sent to the dead-letter queue")]
    private static partial void LogUnreadable(ILogger logger, string eventName, string? messageId);
}
