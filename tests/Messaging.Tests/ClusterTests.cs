using Bazaar.LocalInfrastructure;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>
/// The bus on a three-node RabbitMQ cluster, given every node in its connection string: when the
/// node it is connected to dies, the relay and the consumer go on through another node, and the
/// quorum queue's surviving majority keeps every event the broker confirmed.
/// </summary>
public sealed class ClusterTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"bazaar-cluster-{Guid.NewGuid():N}");
    private RabbitMqServer cluster = null!;

    public async ValueTask InitializeAsync() =>
        cluster = await RabbitMqServer.StartAsync(directory, port: null, nodes: 3, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Bus_NodeItIsConnectedToKilledMidStream_EveryCommittedEventHandledOnceThroughAnotherNode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Handlers that take a moment keep deliveries unacknowledged when the node dies.
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("cluster"), cluster.ConnectionString)
        {
            HandlerDelay = TimeSpan.FromMilliseconds(10),
        };
        var host = await ledger.StartAsync();
        await OutboxTests.WaitForQueueAsync(ledger);
        // The service's queue, declared through one node, is replicated on all three.
        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), (await cluster.QueueMembersAsync(ledger.Queue, cancellationToken)).Order());
        var broker = host.Services.GetRequiredService<BrokerConnection>();
        var connectedTo = (await broker.GetAsync(cancellationToken)).Endpoint.Port;
        var victim = cluster.Nodes.Single(n => n.Port == connectedTo);

        await PublishAsync(host, first: 0, count: 500);
        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count >= 50, TimeSpan.FromSeconds(30), "the stream flowing");
        Assert.Equal(0, Signals.Send(victim.Pid, Signals.Kill));
        await Eventually.HoldsAsync(() => Task.FromResult(victim.HasExited), TimeSpan.FromSeconds(10), $"{victim.Name} gone");
        await PublishAsync(host, first: 500, count: 500);

        await Eventually.HoldsAsync(async () => (await ledger.EffectsAsync(host)).Count >= 1000, TimeSpan.FromSeconds(60), "1,000 effects after the node died");
        var effects = await ledger.EffectsAsync(host);
        Assert.Equal(Enumerable.Range(0, 1000), effects.Select(e => e.Number).Order());
        Assert.Equal(0, await Ledger.UnsentAsync(host));
        var now = await broker.GetAsync(cancellationToken);
        Assert.True(now.IsOpen);
        Assert.NotEqual(victim.Port, now.Endpoint.Port);
    }

    /// <summary>Commits ThingHappened <paramref name="first"/> onwards, 25 to a transaction, as a service under load would.</summary>
    private static async Task PublishAsync(IHost host, int first, int count)
    {
        for (var batch = first; batch < first + count; batch += 25)
        {
            await Ledger.PublishAsync(host, Enumerable.Range(batch, 25).Select(n => new ThingHappened(n)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null) // null when it failed to start
        {
            await cluster.DisposeAsync();
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
