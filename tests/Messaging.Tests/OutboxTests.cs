using System.Diagnostics;
using Bazaar.LocalInfrastructure;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Xunit;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]

namespace Bazaar.Messaging.Tests;

public sealed class OutboxTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Outbox_RolledBackTransaction_IsNeverPublishedWhileACommittedOneIs()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("outbox"), infrastructure.RabbitMqConnectionString);
        var host = await ledger.StartAsync();
        await WaitForQueueAsync(ledger);

        await Ledger.PublishAsync(host, [new ThingHappened(1)], rollBack: true);
        await Ledger.PublishAsync(host, [new ThingHappened(2)]);

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Any(e => e.Number == 2), TimeSpan.FromSeconds(15), "the committed event handled");
        Assert.DoesNotContain(await ledger.EffectsAsync(host), e => e.Number == 1);
        Assert.Equal(0u, await ledger.MessagesInAsync(ledger.Queue));
    }

    [Fact]
    public async Task Outbox_BrokerBackWhileTheRelayBacksOff_SendsAtOnceNotWhenTheBackoffEnds()
    {
        await using var broker = await OwnBroker.StartAsync();
        // A relay that fails once pauses for two minutes: only the broker's return can end it sooner.
        var backoff = TimeSpan.FromMinutes(2);
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("recover"), broker.ConnectionString)
        {
            RetryBaseDelay = backoff,
            RetryMaxDelay = backoff,
        };
        var host = await ledger.StartAsync();
        await WaitForQueueAsync(ledger);

        await broker.StopAsync();
        await Ledger.PublishAsync(host, Enumerable.Range(0, 10).Select(n => new ThingHappened(n)));
        await broker.StartAgainAsync();

        // Well inside the backoff: the relay was woken by the recovered connection.
        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count >= 10, backoff / 2, "10 effects soon after the broker is back");
        Assert.Equal(Enumerable.Range(0, 10), (await ledger.EffectsAsync(host)).Select(e => e.Number).Order());
    }

    [Fact]
    public async Task Outbox_BrokerDownWhileCommitting_AllThousandArriveAfterRestartEachWithOneEffect()
    {
        await using var broker = await OwnBroker.StartAsync();
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("restart"), broker.ConnectionString);
        var host = await ledger.StartAsync();
        await WaitForQueueAsync(ledger);

        await broker.StopAsync();
        for (var batch = 0; batch < 10; batch++)
        {
            await Ledger.PublishAsync(host, Enumerable.Range(batch * 100, 100).Select(n => new ThingHappened(n)));
        }

        await broker.StartAgainAsync();

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count >= 1000, TimeSpan.FromSeconds(90), "1,000 effects after the restart");
        var effects = await ledger.EffectsAsync(host);
        Assert.Equal(1000, effects.Count);
        Assert.Equal(Enumerable.Range(0, 1000), effects.Select(e => e.Number).Order());
    }

    [Fact]
    public async Task PublishAndConsumeSpans_JoinTheTraceOfTheRequestThatCausedThem()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessagingTelemetry.Name or "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("trace"), infrastructure.RabbitMqConnectionString);
        var host = await ledger.StartAsync();
        await WaitForQueueAsync(ledger);

        ActivityTraceId traceId;
        using (var request = source.StartActivity("POST /things"))
        {
            traceId = request!.TraceId;
            await Ledger.PublishAsync(host, [new ThingHappened(42)]);
        }

        Activity? Find(ActivityKind kind) { lock (spans) { return spans.FirstOrDefault(s => s.TraceId == traceId && s.Kind == kind); } }
        await Eventually.HoldsAsync(() => Task.FromResult(Find(ActivityKind.Consumer) is not null), TimeSpan.FromSeconds(15), "a consume span in the request's trace");
        var publish = Find(ActivityKind.Producer);
        var consume = Find(ActivityKind.Consumer)!;
        Assert.NotNull(publish);
        Assert.Equal(publish.SpanId, consume.ParentSpanId);
        Assert.Equal("ThingHappened process", consume.DisplayName);
    }

    /// <summary>The consumer subscribes after declaring and binding its queue: from then on events are routed to it.</summary>
    internal static Task WaitForQueueAsync(Ledger ledger) =>
        Eventually.HoldsAsync(async () =>
        {
            try
            {
                return await ledger.ConsumersOfAsync(ledger.Queue) > 0;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), $"queue {ledger.Queue} declared");
}
