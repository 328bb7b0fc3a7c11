using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bazaar.Messaging.Bench;

/// <summary>
/// The ceiling: RabbitMQ.Client alone, persistent messages with publisher confirms into a quorum
/// queue, consumed with manual acks. No database, no outbox, no inbox.
/// </summary>
internal static class RawBench
{
    public static async Task<Result> ThroughputAsync(string broker, int count)
    {
        await using var rig = await Rig.StartAsync(broker);
        var stopwatch = Stopwatch.StartNew();
        for (var sent = 0; sent < count; sent += 256)
        {
            var batch = Enumerable.Range(sent, Math.Min(256, count - sent)).Select(i => rig.PublishAsync(i).AsTask());
            await Task.WhenAll(batch);
        }

        await rig.WaitForAsync(count);
        return new Result("raw RabbitMQ.Client, confirms", count, stopwatch.Elapsed, null);
    }

    public static async Task<Result> LatencyAsync(string broker, int count, double rate)
    {
        await using var rig = await Rig.StartAsync(broker);
        var stopwatch = Stopwatch.StartNew();
        await Pacing.RunAsync(count, rate, i => rig.PublishAsync(i).AsTask());
        await rig.WaitForAsync(count);
        return new Result("raw RabbitMQ.Client, confirms", count, stopwatch.Elapsed, rig.Latency, rate);
    }

    private sealed class Rig(IConnection connection, IChannel publisher, IChannel consumer, string queue) : IAsyncDisposable
    {
        private int received;

        public Stats Latency { get; } = new();

        public static async Task<Rig> StartAsync(string broker)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(broker), ConsumerDispatchConcurrency = 4 }.CreateConnectionAsync();
            var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
            var consumer = await connection.CreateChannelAsync();
            var queue = $"raw-bench-{Guid.NewGuid():N}";
            await consumer.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await consumer.BasicQosAsync(0, 64, false);
            var rig = new Rig(connection, publisher, consumer, queue);
            var handler = new AsyncEventingBasicConsumer(consumer);
            handler.ReceivedAsync += async (_, delivery) =>
            {
                var sentAt = BitConverter.ToInt64(delivery.Body.Span);
                rig.Latency.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                await consumer.BasicAckAsync(delivery.DeliveryTag, false);
                Interlocked.Increment(ref rig.received);
            };
            await consumer.BasicConsumeAsync(queue, autoAck: false, handler);
            return rig;
        }

        public ValueTask PublishAsync(int i) =>
            publisher.BasicPublishAsync(string.Empty, queue, mandatory: false,
                new BasicProperties { MessageId = Guid.CreateVersion7().ToString(), DeliveryMode = DeliveryModes.Persistent },
                BitConverter.GetBytes(Stopwatch.GetTimestamp()));

        public async Task WaitForAsync(int count)
        {
            while (Volatile.Read(ref received) < count)
            {
                await Task.Delay(1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await consumer.QueueDeleteAsync(queue);
            await publisher.DisposeAsync();
            await consumer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
