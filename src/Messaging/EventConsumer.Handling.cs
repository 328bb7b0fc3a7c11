using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Messaging;

/// <summary>A batch's handling: one transaction with its inbox claims, then the acks; retries and dead-lettering when it fails.</summary>
internal sealed partial class EventConsumer<TDb>
{
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handling {Count} messages interrupted; they will be redelivered")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} messages failed; handling them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {EventName} {MessageId} failed on delivery {Delivery} of {MaxDeliveries}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, Guid messageId, int delivery, int maxDeliveries);
}
