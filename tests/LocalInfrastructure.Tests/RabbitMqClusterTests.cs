using System.Diagnostics;
using Bazaar.LocalInfrastructure;
using RabbitMQ.Client;
using Xunit;

namespace Bazaar.LocalInfrastructure.Tests;

/// <summary>
/// Three RabbitMQ nodes started as one cluster: each answers on its own port, the first sees all
/// three running, a quorum queue declared on any node has a member on every node, and stopping
/// the cluster leaves no process or port behind.
/// </summary>
public sealed class RabbitMqClusterTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"bazaar-cluster-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task StartAsync_ThreeNodes_FormOneClusterWhoseQuorumQueuesHaveAMemberOnEachNode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var stopwatch = Stopwatch.StartNew();
        var cluster = await RabbitMqServer.StartAsync(directory, port: null, nodes: 3, cancellationToken);
        TestContext.Current.SendDiagnosticMessage($"three-node cluster up in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        var pids = cluster.Pids;
        var ports = cluster.Nodes.Select(n => n.Port).ToList();

        Assert.Equal(3, ports.Distinct().Count());
        Assert.Equal($"amqp://guest:guest@127.0.0.1:{ports[0]},127.0.0.1:{ports[1]},127.0.0.1:{ports[2]}/", cluster.ConnectionString);
        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), (await cluster.RunningNodesAsync(cancellationToken)).Order());

        // Declared through the second node, counted by the first: one queue, replicated on all three.
        var queue = $"cluster-test-{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = new Uri(cluster.Nodes[1].ConnectionString) };
        await using (var connection = await factory.CreateConnectionAsync(cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        }

        Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), (await cluster.QueueMembersAsync(queue, cancellationToken)).Order());

        await cluster.DisposeAsync();

        Assert.All(pids, pid => Assert.False(ServerProcess.IsAlive(pid), $"process {pid} still runs"));
        Assert.All(ports, port => Assert.False(Ports.IsInUse(port), $"port {port} still bound"));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
