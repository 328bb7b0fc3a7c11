using Bazaar.Contracts;
using Bazaar.Messaging.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Bazaar.Messaging.Tests;

/// <summary>
/// One ledger service for one test: its own database, exchange and queue names, so tests running
/// side by side on one broker never see each other's events.
/// </summary>
internal sealed class Ledger(string postgres, string rabbitMq) : IAsyncDisposable
{
    private readonly string id = Guid.NewGuid().ToString("N")[..12];
    private readonly List<IHost> hosts = [];

    public string RabbitMq { get; set; } = rabbitMq;

    public string Queue => $"ledger-{id}";

    public string DeadLetterQueue => $"{Queue}.dlq";

    public string Exchange => $"test-events-{id}";

    public int MaxDeliveries { get; init; } = 3;

    public int ConsumerConcurrency { get; init; } = 4;

    /// <summary>How long an event no queue is bound for stays in the outbox (Messaging:UnroutedGrace).</summary>
    public TimeSpan UnroutedGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first pause after a failure (Messaging:RetryBaseDelay); it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long each ThingHappened takes its handler (Ledger:HandlerDelayMs).</summary>
    public TimeSpan HandlerDelay { get; init; } = TimeSpan.Zero;

    public Dictionary<string, string?> Settings => new()
    {
        ["Ledger:HandlerDelayMs"] = ((int)HandlerDelay.TotalMilliseconds).ToString(),
        ["ConnectionStrings:postgres"] = postgres,
        ["ConnectionStrings:rabbitmq"] = RabbitMq,
        ["Messaging:ServiceName"] = Queue,
        ["Messaging:Exchange"] = Exchange,
        ["Messaging:MaxDeliveries"] = MaxDeliveries.ToString(),
        ["Messaging:ConsumerConcurrency"] = ConsumerConcurrency.ToString(),
        ["Messaging:RetryBaseDelay"] = RetryBaseDelay.ToString(),
        ["Messaging:RetryMaxDelay"] = RetryMaxDelay.ToString(),
        ["Messaging:RelayPollInterval"] = "00:00:00.500",
        ["Messaging:UnroutedGrace"] = UnroutedGrace.ToString(),
    };

    /// <summary>Starts an instance of the ledger: its relay and, unless told otherwise, its consumer (which declares the queue).</summary>
    public async Task<IHost> StartAsync(bool consume = true)
    {
        var host = LedgerHost.Build(Settings, consume);
        await LedgerHost.EnsureDatabaseAsync(host);
        await host.StartAsync();
        hosts.Add(host);
        return host;
    }

    /// <summary>An instance of the ledger with its database ready, not started.</summary>
    public async Task<IHost> BuildAsync()
    {
        var host = LedgerHost.Build(Settings);
        await LedgerHost.EnsureDatabaseAsync(host);
        hosts.Add(host);
        return host;
    }

    /// <summary>Another service's queue, bound to <paramref name="eventName"/> on the ledger's exchange before the ledger starts.</summary>
    public Task<string> DeclareOtherSubscriberAsync(string eventName) => OnChannelAsync(async channel =>
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = $"other-{id}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
        await channel.QueueBindAsync(queue, Exchange, eventName);
        return queue;
    });

    /// <summary>A classic queue under the ledger's queue name: the ledger cannot declare its own (quorum) queue while it is there.</summary>
    public Task BlockQueueAsync() =>
        OnChannelAsync(channel => channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false));

    public Task DeleteQueueAsync(string queue) => OnChannelAsync(channel => channel.QueueDeleteAsync(queue));

    public Task<bool> QueueExistsAsync(string queue) => OnChannelAsync(async channel =>
    {
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    });

    /// <summary>Commits <paramref name="events"/> in one transaction, unless told to roll back.</summary>
    public static async Task PublishAsync(IHost host, IEnumerable<IIntegrationEvent> events, bool rollBack = false)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDb>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var @event in events)
            {
                db.AddEvent(@event);
            }

            await db.SaveChangesAsync();
            if (rollBack)
            {
                await transaction.RollbackAsync();
            }
            else
            {
                await transaction.CommitAsync();
            }
        });
    }

    /// <summary>Outbox rows not yet sent (nor given up).</summary>
    public static async Task<int> UnsentAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDb>().Set<OutboxMessage>().CountAsync(m => m.SentAt == null);
    }

    public async Task<List<Effect>> EffectsAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDb>().Effects.AsNoTracking().ToListAsync();
    }

    public Task<uint> MessagesInAsync(string queue) => OnChannelAsync(channel => channel.MessageCountAsync(queue));

    /// <summary>The consumers of <paramref name="queue"/>; none while no instance has declared it yet (the broker's 404).</summary>
    public Task<uint> ConsumersOfAsync(string queue) => OnChannelAsync(async channel =>
    {
        try
        {
            return await channel.ConsumerCountAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0u;
        }
    });

    /// <summary>Runs <paramref name="use"/> on a channel of a connection of its own to the ledger's broker.</summary>
    private async Task<T> OnChannelAsync<T>(Func<IChannel, Task<T>> use)
    {
        await using var connection = await BrokerAddress.Parse(RabbitMq).ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await use(channel);
    }

    private Task OnChannelAsync(Func<IChannel, Task> use) => OnChannelAsync(async channel =>
    {
        await use(channel);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
            }

            host.Dispose();
        }
    }
}
