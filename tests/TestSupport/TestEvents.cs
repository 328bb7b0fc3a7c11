using System.Text;
using Bazaar.Contracts;
using Bazaar.Messaging;
using RabbitMQ.Client;

namespace Bazaar.TestSupport;

/// <summary>
/// Plays another service on the bus: publishes an event with the same envelope the outbox relay
/// uses, to the exchange a test gave the service under test (Messaging:Exchange), so a test class
/// never receives another's events.
/// </summary>
public static class TestEvents
{
    public static string NewExchange() => $"test-events-{Guid.NewGuid():N}";

    public static async Task PublishAsync(string rabbitMqConnectionString, string exchange, IIntegrationEvent @event, Guid? messageId = null, string? traceParent = null)
    {
        await using var connection = await BrokerAddress.Parse(rabbitMqConnectionString).ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var name = EventSerializer.NameOf(@event.GetType());
        var properties = new BasicProperties
        {
            MessageId = (messageId ?? Guid.CreateVersion7()).ToString(),
            Type = name,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { [MessageHeaders.OccurredAt] = DateTimeOffset.UtcNow.ToString("O") },
        };
        if (traceParent is not null)
        {
            properties.Headers[MessageHeaders.TraceParent] = traceParent;
        }

        await channel.BasicPublishAsync(exchange, name, mandatory: false, properties, Encoding.UTF8.GetBytes(EventSerializer.Serialize(@event)));
    }

    /// <summary>True once the service's queue has a consumer: it is declared and bound, and events reach it.</summary>
    public static async Task<bool> IsConsumingAsync(string rabbitMqConnectionString, string queue)
    {
        await using var connection = await BrokerAddress.Parse(rabbitMqConnectionString).ConnectAsync();
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            return await channel.ConsumerCountAsync(queue) > 0;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }
}

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        HoldsAsync(condition, timeout, () => what);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> as it reads at the deadline (the last value seen).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what()}");
            }

            await Task.Delay(50);
        }
    }
}
