using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.Messaging;

/// <summary>
/// The service's durable quorum queue, bound to the events it handles. Each message: inbox check,
/// handler, inbox record, commit, then ack. A failure is retried after a pause; past the delivery
/// limit the broker moves the message to the dead-letter queue and the queue keeps flowing.
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

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleDeliveryAsync(delivery, cancellationToken);
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

    private async Task HandleDeliveryAsync(BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        var properties = delivery.BasicProperties;
        var eventName = properties.Type ?? delivery.RoutingKey;
        var deliveryCount = Delivery.Count(properties) + 1;
        ActivityContext.TryParse(Delivery.Header(properties, MessageHeaders.TraceParent), null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"{eventName} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", settings.ServiceName);
        activity?.SetTag("messaging.message.id", properties.MessageId);
        var correlationId = Delivery.Header(properties, MessageHeaders.CorrelationId);
        if (correlationId is not null)
        {
            activity?.SetBaggage(Outbox.CorrelationBaggage, correlationId);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["MessageId"] = properties.MessageId, ["EventName"] = eventName, ["CorrelationId"] = correlationId });
        if (!Delivery.TryRead(delivery, eventName, handlers, out var @event, out var context))
        {
            // Unreadable now means unreadable on every retry: straight to the dead-letter queue.
            LogUnreadable(logger, eventName, properties.MessageId);
            MessagingTelemetry.DeadLettered.Add(1);
            await channel!.BasicRejectAsync(delivery.DeliveryTag, requeue: false, CancellationToken.None);
            return;
        }

        try
        {
            foreach (var registration in handlers[eventName])
            {
                await HandleOnceAsync(registration, @event![registration.EventType], context! with { DeliveryCount = deliveryCount }, cancellationToken);
            }

            await channel!.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            MessagingTelemetry.Consumed.Add(1);
            MessagingTelemetry.ConsumeLag.Record((DateTimeOffset.UtcNow - context!.OccurredAt).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException || cancellationToken.IsCancellationRequested)
        {
            // Stopping, or the channel went: the unacknowledged message returns to the queue and
            // is redelivered; its inbox record (if it got that far) keeps the effect single.
            LogInterrupted(logger, eventName, properties.MessageId);
        }
        catch (Exception ex)
        {
            MessagingTelemetry.Failed.Add(1);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var last = deliveryCount >= settings.MaxDeliveries;
            LogHandlerFailed(logger, ex, eventName, deliveryCount, settings.MaxDeliveries);
            if (last)
            {
                MessagingTelemetry.DeadLettered.Add(1);
            }
            else
            {
                await Task.Delay(settings.Backoff(deliveryCount), cancellationToken);
            }

            await channel!.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
    }

    private async Task HandleOnceAsync(HandlerRegistration registration, object @event, EventContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Claim the message first: a second delivery finds the row (or waits on the first's
            // uncommitted one) and has no effect. One round trip instead of a check and an insert.
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox_messages (message_id, handler, handled_at) VALUES ({context.MessageId}, {registration.HandlerName}, {DateTimeOffset.UtcNow}) ON CONFLICT DO NOTHING",
                ct);
            if (claimed == 0)
            {
                return; // handled before: a redelivery has no second effect
            }

            await registration.Invoke(scope.ServiceProvider, @event, context, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handling {EventName} {MessageId} interrupted; it will be redelivered")]
    private static partial void LogInterrupted(ILogger logger, string eventName, string? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming queue {Queue} for {Events}")]
    private static partial void LogConsuming(ILogger logger, string queue, string events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start consuming; retrying in {DelayMs} ms")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {EventName} message {MessageId} sent to the dead-letter queue")]
    private static partial void LogUnreadable(ILogger logger, string eventName, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {EventName} failed on delivery {Delivery} of {MaxDeliveries}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, int delivery, int maxDeliveries);
}
