using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Bazaar.Messaging;

/// <summary>
/// The process's one connection to RabbitMQ, opened on first use and recovered by the client
/// after a broker restart, or on another node of a cluster after its node died (see
/// <see cref="BrokerAddress"/>). The relay and the consumer each open their own channels on it.
/// </summary>
public sealed class BrokerConnection(IOptions<MessagingOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the connection is next recovered after a broker outage (each outage has its
    /// own task), so a worker backing off after a failure tries again at once instead of sleeping
    /// out its backoff. Take it before the attempt that may fail, so a recovery during it counts.
    /// </summary>
    public Task Recovered => Volatile.Read(ref recovered).Task;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        // Once open, the connection is never replaced: after a broker restart the client recovers it,
        // with every channel and consumer on it. Until then callers fail and retry with backoff.
        if (connection is not null)
        {
            return connection;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is not null)
            {
                return connection;
            }

            var address = BrokerAddress.Parse(options.Value.ConnectionString);
            var factory = address.CreateFactory();
            factory.AutomaticRecoveryEnabled = true;
            factory.TopologyRecoveryEnabled = true;
            factory.NetworkRecoveryInterval = TimeSpan.FromSeconds(1);
            factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(5);
            factory.ClientProvidedName = options.Value.ServiceName;

            // Given every node of a cluster, the client connects to one, and its recovery goes to
            // whichever answers when that one dies.
            var opened = await factory.CreateConnectionAsync(address.Endpoints, cancellationToken);
            opened.RecoverySucceededAsync += (_, _) =>
            {
                Interlocked.Exchange(ref recovered, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return Task.CompletedTask;
            };
            connection = opened;
            return connection;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The exchange every event goes through; declaring it again is harmless.</summary>
    public static Task DeclareExchangeAsync(IChannel channel, MessagingOptions options, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        gate.Dispose();
    }
}

/// <summary>The envelope's header names, beside the AMQP message id, type and timestamp.</summary>
public static class MessageHeaders
{
    public const string OccurredAt = "occurred-at";
    public const string TraceParent = "traceparent";
    public const string CorrelationId = "correlation-id";
    public const string DeliveryCount = "x-delivery-count";
}
