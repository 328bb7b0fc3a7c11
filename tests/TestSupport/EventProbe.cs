using System.Collections.Concurrent;
using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.TestSupport;

/// <summary>
/// Listens on an exchange like a downstream service would: a private queue bound to the named
/// events, collecting what arrives, so a test can wait for the event a change should publish.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Name, string Body, IReadOnlyBasicProperties Properties)> received = new();
    private IConnection? connection;
    private IChannel? channel;

    public static async Task<EventProbe> StartAsync(string rabbitMqConnectionString, string exchange, params Type[] eventTypes)
    {
        var probe = new EventProbe();
        probe.connection = await BrokerAddress.Parse(rabbitMqConnectionString).ConnectAsync();
        probe.channel = await probe.connection.CreateChannelAsync();
        await probe.channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await probe.channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in eventTypes)
        {
            await probe.channel.QueueBindAsync(queue, exchange, EventSerializer.NameOf(type));
        }

        var consumer = new AsyncEventingBasicConsumer(probe.channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            probe.received.Enqueue((delivery.RoutingKey, System.Text.Encoding.UTF8.GetString(delivery.Body.Span), delivery.BasicProperties));
            return Task.CompletedTask;
        };
        await probe.channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return probe;
    }

    /// <summary>Every <typeparamref name="TEvent"/> received so far.</summary>
    public IReadOnlyList<TEvent> All<TEvent>()
        where TEvent : IIntegrationEvent =>
        received.Where(m => m.Name == EventSerializer.NameOf<TEvent>())
            .Select(m => JsonSerializer.Deserialize<TEvent>(m.Body, EventSerializer.Options)!)
            .ToList();

    /// <summary>The envelope (message id, headers) of every message received so far.</summary>
    public IReadOnlyList<IReadOnlyBasicProperties> Envelopes => received.Select(m => m.Properties).ToList();

    /// <summary>Waits for the first <typeparamref name="TEvent"/> that matches <paramref name="match"/>.</summary>
    public async Task<TEvent> WaitForAsync<TEvent>(Func<TEvent, bool> match, TimeSpan? timeout = null)
        where TEvent : IIntegrationEvent
    {
        TEvent? found = default;
        await Eventually.HoldsAsync(
            () => Task.FromResult((found = All<TEvent>().FirstOrDefault(match)) is not null),
            timeout ?? TimeSpan.FromSeconds(10),
            $"a matching {typeof(TEvent).Name}");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
