using System.Collections.Concurrent;
using System.Text.Json;
using Bazaar.Contracts.Reviews;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.Reviews.Tests;

/// <summary>Listens on a queue of its own, bound to the test's exchange, for the ProductRatingChanged events the service publishes.</summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<ProductRatingChanged> received = new();
    private IConnection? connection;
    private IChannel? channel;

    public static async Task<EventProbe> StartAsync(string rabbitMqConnectionString, string exchange)
    {
        var probe = new EventProbe();
        probe.connection = await new ConnectionFactory { Uri = new Uri(rabbitMqConnectionString) }.CreateConnectionAsync();
        probe.channel = await probe.connection.CreateChannelAsync();
        await probe.channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = await probe.channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true);
        await probe.channel.QueueBindAsync(queue.QueueName, exchange, nameof(ProductRatingChanged));
        var consumer = new AsyncEventingBasicConsumer(probe.channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            probe.received.Enqueue(JsonSerializer.Deserialize<ProductRatingChanged>(delivery.Body.Span, EventSerializer.Options)!);
            return Task.CompletedTask;
        };
        await probe.channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return probe;
    }

    public IReadOnlyList<ProductRatingChanged> For(Guid productId) => [.. received.Where(e => e.ProductId == productId)];

    /// <summary>Waits for the product's rating event with these figures and returns every event of that product so far.</summary>
    public async Task<IReadOnlyList<ProductRatingChanged>> WaitForAsync(Guid productId, decimal average, int count)
    {
        try
        {
            await Eventually.HoldsAsync(
                () => Task.FromResult(For(productId).Any(e => e.Average == average && e.Count == count)),
                TimeSpan.FromSeconds(15),
                $"ProductRatingChanged({productId}, {average}, {count}) is published");
        }
        catch (TimeoutException timeout)
        {
            // Named at the deadline, not at the start: what did arrive is the clue.
            var seen = string.Join(", ", For(productId).Select(e => $"({e.Average}, {e.Count})"));
            throw new TimeoutException($"{timeout.Message}; seen instead: [{seen}]", timeout);
        }

        return For(productId);
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
