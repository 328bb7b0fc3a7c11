using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.Inventory.Tests;

/// <summary>Listens on the test's exchange as another service would: what arrives here was really published.</summary>
public sealed class BusProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Name, string Body)> received = new();
    private IConnection? connection;
    private IChannel? channel;

    public static async Task<BusProbe> StartAsync(string rabbitMqConnectionString, string exchange, params string[] eventNames)
    {
        var probe = new BusProbe();
        probe.connection = await new ConnectionFactory { Uri = new Uri(rabbitMqConnectionString) }.CreateConnectionAsync();
        probe.channel = await probe.connection.CreateChannelAsync();
        await probe.channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await probe.channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var name in eventNames)
        {
            await probe.channel.QueueBindAsync(queue, exchange, name);
        }

        var consumer = new AsyncEventingBasicConsumer(probe.channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            probe.received.Enqueue((delivery.BasicProperties.Type ?? delivery.RoutingKey, Encoding.UTF8.GetString(delivery.Body.Span)));
            return Task.CompletedTask;
        };
        await probe.channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return probe;
    }

    /// <summary>The first <typeparamref name="TEvent"/> that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<TEvent> WaitForAsync<TEvent>(Func<TEvent, bool> match, TimeSpan timeout)
        where TEvent : IIntegrationEvent
    {
        TEvent? found = default;
        await Eventually.HoldsAsync(
            () =>
            {
                found = received
                    .Where(m => m.Name == EventSerializer.NameOf<TEvent>())
                    .Select(m => JsonSerializer.Deserialize<TEvent>(m.Body, EventSerializer.Options)!)
                    .FirstOrDefault(match);
                return Task.FromResult(found is not null);
            },
            timeout,
            $"{typeof(TEvent).Name} on the bus");
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
