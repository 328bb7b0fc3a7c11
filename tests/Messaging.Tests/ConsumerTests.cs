using System.Diagnostics;
using System.Text;
using Bazaar.LocalInfrastructure;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Xunit;

namespace Bazaar.Messaging.Tests;

public sealed class ConsumerTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Consumer_SameMessageDeliveredTwice_HasOneEffect()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("dup"), infrastructure.RabbitMqConnectionString) { ConsumerConcurrency = 1 };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);
        var duplicated = Guid.CreateVersion7();

        await PublishRawAsync(ledger, duplicated, "ThingHappened", """{"number":7}""");
        await PublishRawAsync(ledger, duplicated, "ThingHappened", """{"number":7}""");
        await PublishRawAsync(ledger, Guid.CreateVersion7(), "ThingHappened", """{"number":8}""");

        // One at a time, in order: once 8 is handled, both copies of 7 have been through.
        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Any(e => e.Number == 8), TimeSpan.FromSeconds(15), "the message behind the duplicates handled");
        Assert.Single(await ledger.EffectsAsync(host), e => e.MessageId == duplicated);
    }

    [Fact]
    public async Task Consumer_HandlerThatAlwaysThrows_MessageEndsInDeadLetterQueueAndOthersFlow()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("poison"), infrastructure.RabbitMqConnectionString) { MaxDeliveries = 3 };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);
        var poison = Random.Shared.Next(1_000, int.MaxValue);

        await Ledger.PublishAsync(host, [new PoisonArrived(poison), .. Enumerable.Range(1, 5).Select(n => new ThingHappened(n))]);

        await Eventually.HoldsAsync(async () => await ledger.MessagesInAsync(ledger.DeadLetterQueue) == 1, TimeSpan.FromSeconds(30), "the poison message in the DLQ");
        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count == 5, TimeSpan.FromSeconds(15), "the five good messages handled");
        Assert.Equal([1, 2, 3], AlwaysThrow.DeliveriesOf(poison));
        Assert.Equal(0u, await ledger.MessagesInAsync(ledger.Queue));
    }

    [Fact]
    public async Task Consumer_BacklogWithPoisonInTheMiddle_EveryOtherEventHasOneEffectAndThePoisonIsDeadLettered()
    {
        // A backlog is handled in batches; the batch holding the poison fails, and its other
        // messages must still have their effect exactly once.
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("backlog"), infrastructure.RabbitMqConnectionString) { ConsumerConcurrency = 1 };
        var first = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);
        await first.StopAsync(TestContext.Current.CancellationToken);
        var publisher = LedgerHost.Build(ledger.Settings, consume: false);
        await publisher.StartAsync(TestContext.Current.CancellationToken);
        var poison = Random.Shared.Next(1_000, int.MaxValue);
        try
        {
            await Ledger.PublishAsync(publisher, [.. Enumerable.Range(0, 150).Select(n => new ThingHappened(n)), new PoisonArrived(poison), .. Enumerable.Range(150, 150).Select(n => new ThingHappened(n))]);
            await Eventually.HoldsAsync(async () => await ledger.MessagesInAsync(ledger.Queue) == 301, TimeSpan.FromSeconds(30), "the backlog waiting in the queue");

            var consumer = await ledger.StartAsync();

            await Eventually.HoldsAsync(async () => await ledger.MessagesInAsync(ledger.DeadLetterQueue) == 1, TimeSpan.FromSeconds(30), "the poison message in the DLQ");
            await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(consumer)).Count >= 300, TimeSpan.FromSeconds(30), "the backlog handled");
            var effects = await ledger.EffectsAsync(consumer);
            Assert.Equal(Enumerable.Range(0, 300), effects.Select(e => e.Number).Order());
            Assert.Equal([1, 2, 3], AlwaysThrow.DeliveriesOf(poison));
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
            publisher.Dispose();
        }
    }

    [Fact]
    public async Task Consumer_UnreadableMessage_GoesStraightToTheDeadLetterQueue()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("garbage"), infrastructure.RabbitMqConnectionString) { ConsumerConcurrency = 1 };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);

        await PublishRawAsync(ledger, Guid.CreateVersion7(), "ThingHappened", "this is not json");
        await PublishRawAsync(ledger, Guid.CreateVersion7(), "ThingHappened", """{"number":9}""");

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Any(e => e.Number == 9), TimeSpan.FromSeconds(15), "the readable message handled");
        Assert.Equal(1u, await ledger.MessagesInAsync(ledger.DeadLetterQueue));
    }

    [Fact]
    public async Task Consumer_StoppedWhileABatchIsInHand_FinishesItAndAcknowledgesIt()
    {
        // What SIGTERM does to a service: the host stops. The message being handled then is
        // finished and acknowledged, not cancelled and handled again by the next pod.
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("drain"), infrastructure.RabbitMqConnectionString)
        {
            ConsumerConcurrency = 1,
            HandlerDelay = TimeSpan.FromSeconds(3),
        };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);

        await Ledger.PublishAsync(host, [new ThingHappened(42)]);
        // Sent, and no longer waiting in the queue: the consumer has it in hand, its handler under way.
        await Eventually.HoldsAsync(
            async () => await Ledger.UnsentAsync(host) == 0 && await ledger.MessagesInAsync(ledger.Queue) == 0 && (await ledger.EffectsAsync(host)).Count == 0,
            TimeSpan.FromSeconds(15),
            "the message taken by the consumer and not yet handled");

        await host.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([42], (await ledger.EffectsAsync(host)).Select(e => e.Number));
        Assert.Equal(0u, await ledger.MessagesInAsync(ledger.Queue));
    }

    [Fact]
    public async Task Consumer_ProcessKilledMidBatchAndRestarted_EveryEventHasExactlyOneEffect()
    {
        const int total = 2000;
        // Each handler takes its time, as real work does, so that the kill lands mid-batch.
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("kill"), infrastructure.RabbitMqConnectionString) { HandlerDelay = TimeSpan.FromMilliseconds(2) };
        var publisher = LedgerHost.Build(ledger.Settings, consume: false);
        await LedgerHost.EnsureDatabaseAsync(publisher);
        await publisher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var consumer = StartConsumerProcess(ledger);
            await OutboxTests.WaitForQueueAsync(ledger);
            for (var batch = 0; batch < total / 200; batch++)
            {
                await Ledger.PublishAsync(publisher, Enumerable.Range(batch * 200, 200).Select(n => new ThingHappened(n)));
            }

            await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(publisher)).Count >= 200, TimeSpan.FromSeconds(60), "the consumer under way");
            consumer.Kill();
            await consumer.WaitForExitAsync(TestContext.Current.CancellationToken);
            var handledBeforeKill = (await ledger.EffectsAsync(publisher)).Count;
            Assert.InRange(handledBeforeKill, 200, total - 1);

            using var restarted = StartConsumerProcess(ledger);
            await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(publisher)).Count >= total, TimeSpan.FromSeconds(120), $"{total} effects after the restart");
            restarted.Kill();

            var effects = await ledger.EffectsAsync(publisher);
            Assert.Equal(total, effects.Count);
            Assert.Equal(Enumerable.Range(0, total), effects.Select(e => e.Number).Order());
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
            publisher.Dispose();
        }
    }

    /// <summary>The ledger consumer as a process of its own, so that it can be killed with SIGKILL.</summary>
    private static Process StartConsumerProcess(Ledger ledger)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bazaar.Messaging.TestHost.dll"));
        foreach (var (key, value) in ledger.Settings)
        {
            info.ArgumentList.Add($"{key}={value}");
        }

        return Process.Start(info)!;
    }

    private static async Task PublishRawAsync(Ledger ledger, Guid messageId, string eventName, string body)
    {
        await using var connection = await BrokerAddress.Parse(ledger.RabbitMq).ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties { MessageId = messageId.ToString(), Type = eventName, DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(ledger.Exchange, eventName, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }
}
