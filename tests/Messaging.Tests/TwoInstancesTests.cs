using System.Text;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>A service scaled to two replicas: two relays on one outbox, two consumers on one queue.</summary>
public sealed class TwoInstancesTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outbox_TwoRelaysOnOneOutbox_PublishEveryRowOnce()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("relays"), infrastructure.RabbitMqConnectionString);
        // Another service's queue, never consumed: it keeps every copy the relays publish.
        var subscriber = await ledger.DeclareOtherSubscriberAsync(nameof(ThingHappened));
        var (one, two) = (await ledger.StartAsync(), await ledger.StartAsync());
        await OutboxTests.WaitForQueueAsync(ledger);

        // Both instances commit at once, each waking its own relay, while the other's relay polls:
        // the two take rows from the same table side by side.
        const int Transactions = 10, PerTransaction = 40, Count = Transactions * PerTransaction;
        await Task.WhenAll(Enumerable.Range(0, Transactions).Select(t => Ledger.PublishAsync(
            t % 2 == 0 ? one : two,
            Enumerable.Range(t * PerTransaction, PerTransaction).Select(n => new ThingHappened(n)))));

        await Eventually.HoldsAsync(async () => await Ledger.UnsentAsync(one) == 0, Timeout, "every outbox row sent");
        // A row is marked sent only after the broker confirmed it, so every copy is in the queue by now.
        var published = await DrainAsync(ledger, subscriber);
        Assert.Equal(Count, published.Count);
        Assert.Equal(Count, published.Distinct().Count());
    }

    [Fact]
    public async Task Consumer_TwoInstancesOnOneQueue_EachMessageHasOneEffectEvenWhenDeliveredTwice()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("competing"), infrastructure.RabbitMqConnectionString);
        var (one, two) = (await ledger.StartAsync(), await ledger.StartAsync());
        await Eventually.HoldsAsync(async () => await ledger.ConsumersOfAsync(ledger.Queue) >= 2, Timeout, "both instances consume the queue");

        // Every message twice in a row: the broker deals consecutive deliveries to the two
        // instances in turn, so the two copies are mostly handled at the same moment by both.
        const int Count = 200;
        var ids = Enumerable.Range(0, Count).Select(_ => Guid.CreateVersion7()).ToList();
        await PublishTwiceEachAsync(ledger, ids);

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(one)).Count >= Count, Timeout, $"{Count} effects");
        await Eventually.HoldsAsync(async () => await ledger.MessagesInAsync(ledger.Queue) == 0, Timeout, "the queue drained");
        // Stopped, the instances finish what they hold and handle nothing more: the count is final.
        await Task.WhenAll(one.StopAsync(Timeout), two.StopAsync(Timeout));

        var effects = await ledger.EffectsAsync(one);
        Assert.Equal(ids.Order(), effects.Select(e => e.MessageId).Order());
    }

    private static async Task PublishTwiceEachAsync(Ledger ledger, IEnumerable<Guid> ids)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ledger.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            var properties = new BasicProperties { MessageId = id.ToString(), Type = nameof(ThingHappened), DeliveryMode = DeliveryModes.Persistent };
            var body = Encoding.UTF8.GetBytes($$"""{"number":{{n}}}""");
            await channel.BasicPublishAsync(ledger.Exchange, nameof(ThingHappened), mandatory: true, properties, body);
            await channel.BasicPublishAsync(ledger.Exchange, nameof(ThingHappened), mandatory: true, properties, body);
        }
    }

    /// <summary>Takes every message out of <paramref name="queue"/> and returns their message ids.</summary>
    private static async Task<List<string>> DrainAsync(Ledger ledger, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ledger.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId!);
        }

        return ids;
    }
}
