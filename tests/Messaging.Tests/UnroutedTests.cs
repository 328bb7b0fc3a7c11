using System.Diagnostics;
using Bazaar.Contracts;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>
/// Events the broker cannot route: no queue is bound for them yet (a subscriber that has not
/// started, as at a platform's first start) or at all (an event nobody subscribes to).
/// </summary>
public sealed class UnroutedTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task EventSentBeforeItsSubscriberDeclaredItsQueue_ArrivesOnceTheQueueExists_WithOneEffect()
    {
        var returned = new List<Activity>();
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("unrouted"), infrastructure.RabbitMqConnectionString);
        using var listener = ListenForPublishSpans(ledger, returned);
        // An instance that only publishes: nothing has declared the ledger's queue yet.
        var publisher = await ledger.StartAsync(consume: false);

        await Ledger.PublishAsync(publisher, [new ThingHappened(7)]);
        await Eventually.HoldsAsync(() => Task.FromResult(Count(returned) > 0), TimeSpan.FromSeconds(15), "the broker returning the event as unroutable");

        var subscriber = await ledger.StartAsync();
        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(subscriber)).Any(e => e.Number == 7), TimeSpan.FromSeconds(30), "the event handled once its queue exists");
        await Eventually.HoldsAsync(async () => await Ledger.UnsentAsync(publisher) == 0, TimeSpan.FromSeconds(15), "the outbox row marked sent");
        Assert.Single(await ledger.EffectsAsync(subscriber), e => e.Number == 7);
    }

    [Fact]
    public async Task EventsNobodySubscribesTo_DoNotHoldBackTheOthers_AndAreGivenUpAfterTheGrace()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("unrouted"), infrastructure.RabbitMqConnectionString)
        {
            UnroutedGrace = TimeSpan.FromSeconds(20),
        };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);

        // More unroutable rows than a relay batch, ahead of one the ledger handles.
        await Ledger.PublishAsync(host, Enumerable.Range(0, 300).Select(n => new NobodyListens(n)));
        await Ledger.PublishAsync(host, [new ThingHappened(1)]);

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Any(e => e.Number == 1), TimeSpan.FromSeconds(15), "the routable event handled within the unroutable ones' grace");
        Assert.True(await Ledger.UnsentAsync(host) > 0, "the unroutable events still waiting for a subscriber");
        await Eventually.HoldsAsync(async () => await Ledger.UnsentAsync(host) == 0, TimeSpan.FromSeconds(60), "the unroutable events given up after their grace");
    }

    /// <summary>Collects the ledger's publish spans the broker returned (status error, "unroutable").</summary>
    private static ActivityListener ListenForPublishSpans(Ledger ledger, List<Activity> returned)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MessagingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Producer && activity.Status == ActivityStatusCode.Error
                    && Equals(activity.GetTagItem("messaging.destination.name"), ledger.Exchange))
                {
                    lock (returned)
                    {
                        returned.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static int Count(List<Activity> returned)
    {
        lock (returned)
        {
            return returned.Count;
        }
    }
}

/// <summary>An event no queue is bound for.</summary>
public sealed record NobodyListens(int Number) : IIntegrationEvent;
