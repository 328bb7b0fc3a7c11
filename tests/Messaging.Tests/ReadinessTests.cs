using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>
/// A service's first start: its queue is declared before it sends anything, and it reports ready
/// only then (the launcher starts the services that seed data once the others are ready).
/// </summary>
public sealed class ReadinessTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task EventsCommittedBeforeTheFirstStart_WaitForTheServicesOwnQueue_WhenAnotherQueueWouldTakeThem()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("firststart"), infrastructure.RabbitMqConnectionString);
        // Another subscriber of the event is already there: the broker routes the events to it and
        // returns nothing, so whatever is sent before the ledger's own queue exists is lost to it.
        var other = await ledger.DeclareOtherSubscriberAsync(EventSerializer.NameOf<ThingHappened>());
        // And the ledger cannot declare its queue yet (a classic queue holds the name).
        await ledger.BlockQueueAsync();
        var host = await ledger.BuildAsync();
        await Ledger.PublishAsync(host, Enumerable.Range(1, 20).Select(n => new ThingHappened(n)));
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        // The consumer has tried: its dead-letter queue is declared just before the blocked one.
        await Eventually.HoldsAsync(() => ledger.QueueExistsAsync(ledger.DeadLetterQueue), TimeSpan.FromSeconds(15), "the consumer's first declaration");
        // What must not happen cannot be awaited: the relay gets three seconds in which, not
        // waiting for the queue, it would have sent all 20 (its first pass takes well under one).
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(c => c.Name == "queue", TestContext.Current.CancellationToken)).Status);
        Assert.Equal(0u, await ledger.MessagesInAsync(other));
        Assert.Equal(20, await Ledger.UnsentAsync(host));
        await ledger.DeleteQueueAsync(ledger.Queue);

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count == 20, TimeSpan.FromSeconds(30), "all 20 events handled by the ledger itself");
        Assert.Equal(20u, await ledger.MessagesInAsync(other));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Name == "queue", TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Readiness_IsUnhealthyUntilTheQueueIsDeclared()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("firststart"), infrastructure.RabbitMqConnectionString);
        var host = await ledger.BuildAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync(c => c.Name == "queue", TestContext.Current.CancellationToken);
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync(c => c.Name == "queue")).Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(15),
            "the queue check healthy once the consumer declared the queue");
        // The consumer subscribes right after it declares: ready may be seen a moment before the subscription.
        await Eventually.HoldsAsync(
            async () => await ledger.ConsumersOfAsync(ledger.Queue) > 0,
            TimeSpan.FromSeconds(15),
            "the consumer subscribed to the declared queue");
    }
}
