using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Bazaar.Messaging;

/// <summary>The relay's side of the broker: one channel with publisher confirms, and how a row becomes a message.</summary>
internal sealed partial class OutboxRelay<TDb>
{
    /// <summary>
    /// Publishes <paramref name="row"/> as mandatory and waits for the broker's confirm. False when
    /// the broker returned it: no queue is bound for the event (yet), so nobody would have had it.
    /// </summary>
    private async Task<bool> PublishAsync(IChannel publishing, OutboxMessage row, CancellationToken cancellationToken)
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
        try
        {
            await publishing.BasicPublishAsync(settings.Exchange, row.EventName, mandatory: true, properties, Encoding.UTF8.GetBytes(row.Payload), cancellationToken);
            return true;
        }
        catch (PublishReturnException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "unroutable");
            return false;
        }
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
}
