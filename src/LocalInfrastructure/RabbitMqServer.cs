using System.Security.Cryptography;
using System.Text.Json;

namespace Bazaar.LocalInfrastructure;

/// <summary>
/// A private RabbitMQ 3.10 on 127.0.0.1: one node, or several joined into one cluster, with their
/// own epmd and distribution ports, so they never meet a system node or leave an epmd on 4369 behind.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly ServerProcess epmd;

    private RabbitMqServer(IReadOnlyList<RabbitMqNode> nodes, ServerProcess epmd)
    {
        Nodes = nodes;
        this.epmd = epmd;
    }

    /// <summary>The nodes, the first being the one the others joined.</summary>
    public IReadOnlyList<RabbitMqNode> Nodes { get; }

    /// <summary>The first node's AMQP port.</summary>
    public int Port => Nodes[0].Port;

    public IReadOnlyList<int> Pids => [.. Nodes.Select(n => n.Pid), epmd.Pid];

    /// <summary>
    /// Every node's address in one URI, <c>amqp://guest:guest@127.0.0.1:5673,127.0.0.1:5674/</c>
    /// (Bazaar.Messaging's BrokerAddress reads it); one node is a plain AMQP URI.
    /// </summary>
    public string ConnectionString => $"amqp://guest:guest@{string.Join(',', Nodes.Select(n => $"127.0.0.1:{n.Port}"))}/";

    public static Task<RabbitMqServer> StartAsync(string directory, int? port, CancellationToken cancellationToken = default) =>
        StartAsync(directory, port, nodes: 1, cancellationToken);

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes side by side and joins the second and later ones to the
    /// first. The first node lives in <paramref name="directory"/> itself (where a single node always
    /// has), node <c>n</c> in <c>node{n}</c> under it; all share one epmd and one Erlang cookie.
    /// </summary>
    /// <param name="port">The first node's AMQP port (free ports for the others), or any free port.</param>
    public static async Task<RabbitMqServer> StartAsync(string directory, int? port, int nodes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (!RabbitMqNode.IsInstalled)
        {
            throw new InvalidOperationException("RabbitMQ is not installed (apt-get install -y rabbitmq-server).");
        }

        var amqpPorts = Enumerable.Range(0, nodes).Select(n => n == 0 ? Ports.FreeOr(port) : Ports.Free()).ToList();
        var epmdPort = Ports.Free();
        var home = Path.Combine(directory, "home");
        Directory.CreateDirectory(home);
        WriteCookie(Path.Combine(home, ".erlang.cookie"));
        var epmdProcess = ServerProcess.Start(
            "epmd", $"epmd -port {epmdPort} -address 127.0.0.1", marker: "epmd", Path.Combine(directory, "log", "epmd.log"), Path.Combine(directory, "pids"));

        var started = new List<RabbitMqNode>();
        var server = new RabbitMqServer(started, epmdProcess);
        try
        {
            for (var n = 0; n < nodes; n++)
            {
                var nodeDirectory = n == 0 ? directory : Path.Combine(directory, $"node{n + 1}");
                started.Add(RabbitMqNode.Start(nodeDirectory, home, amqpPorts[n], epmdPort));
            }

            // The nodes boot in parallel (4-5 s each, most of it CPU); joining needs them all up.
            await Task.WhenAll(started.Select(node => node.WaitUntilAnswersAsync(cancellationToken)));
            if (nodes > 1)
            {
                await server.FormClusterAsync(cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The names of the nodes the first node sees running in its cluster (itself included).</summary>
    public async Task<IReadOnlyList<string>> RunningNodesAsync(CancellationToken cancellationToken = default)
    {
        var json = await Nodes[0].ControlAsync(["cluster_status", "--formatter", "json"], cancellationToken);
        using var status = JsonDocument.Parse(json);
        return [.. status.RootElement.GetProperty("running_nodes").EnumerateArray().Select(n => n.GetString()!)];
    }

    /// <summary>The nodes holding a member of quorum queue <paramref name="queue"/> (default virtual host), as the first node lists them.</summary>
    public async Task<IReadOnlyList<string>> QueueMembersAsync(string queue, CancellationToken cancellationToken = default)
    {
        var json = await Nodes[0].ControlAsync(["list_queues", "name", "members", "--formatter", "json"], cancellationToken);
        using var queues = JsonDocument.Parse(json);
        var row = queues.RootElement.EnumerateArray().FirstOrDefault(q => q.GetProperty("name").GetString() == queue);
        return row.ValueKind == JsonValueKind.Undefined
            ? throw new InvalidOperationException($"No queue {queue} on {Nodes[0].Name}.")
            : [.. row.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)];
    }

    /// <summary>
    /// Joins the nodes started on empty data to the first (a kept cluster restarted is whole
    /// already), then waits until the first counts them all running. Each CLI call boots an Erlang
    /// VM (0.7 s idle, seconds on a busy machine), so what is local to a node runs on all of them
    /// at once; the joins, which change the membership the first node records, one at a time.
    /// </summary>
    private async Task FormClusterAsync(CancellationToken cancellationToken)
    {
        var joining = Nodes.Skip(1).Where(n => n.Fresh).ToList();
        await Task.WhenAll(joining.Select(node => node.ControlAsync(["stop_app"], cancellationToken)));
        foreach (var node in joining)
        {
            await node.ControlAsync(["join_cluster", Nodes[0].Name], cancellationToken);
        }

        await Task.WhenAll(joining.Select(node => node.ControlAsync(["start_app"], cancellationToken)));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<string> running;
        while ((running = await RunningNodesAsync(cancellationToken)).Count < Nodes.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"RabbitMQ cluster has {running.Count} of {Nodes.Count} nodes running: {string.Join(", ", running)}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(node => node.StopAsync()));
        await epmd.StopAsync(Signals.Term, TimeSpan.FromSeconds(5));
    }

    private static void WriteCookie(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(20)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead); // Erlang refuses a cookie others can read
        }
    }
}
