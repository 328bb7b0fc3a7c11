using System.Security.Cryptography;
using RabbitMQ.Client;

namespace Bazaar.LocalInfrastructure;

/// <summary>
/// A private RabbitMQ 3.10 node on 127.0.0.1 with its own epmd and distribution port, so it never
/// meets a system node or leaves an epmd on 4369 behind.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private readonly ServerProcess node;
    private readonly ServerProcess epmd;

    private RabbitMqServer(ServerProcess node, ServerProcess epmd, int port)
    {
        this.node = node;
        this.epmd = epmd;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<int> Pids => [node.Pid, epmd.Pid];

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqServer> StartAsync(string directory, int? port, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException("RabbitMQ is not installed (apt-get install -y rabbitmq-server).");
        }

        var amqpPort = Ports.FreeOr(port);
        var distPort = Ports.Free();
        var epmdPort = Ports.Free();
        var home = Path.Combine(directory, "home");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        WriteCookie(Path.Combine(home, ".erlang.cookie"));
        var config = Path.Combine(directory, "rabbitmq.conf");
        File.WriteAllText(config, $"listeners.tcp.default = 127.0.0.1:{amqpPort}\nloopback_users.guest = true\n");
        var plugins = Path.Combine(directory, "enabled_plugins");
        File.WriteAllText(plugins, "[].\n");
        var envFile = Path.Combine(directory, "rabbitmq-env.conf");
        File.WriteAllText(envFile, string.Empty);

        var pids = Path.Combine(directory, "pids");
        var epmdProcess = ServerProcess.Start(
            "epmd", $"epmd -port {epmdPort} -address 127.0.0.1", marker: "epmd", Path.Combine(directory, "log", "epmd.log"), pids);

        // A node name is tied to its data: keep the name stable for a kept data folder.
        var nodeName = $"bazaar-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(directory)))[..10]}@localhost";
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RUNNING_UNDER_SYSTEMD"] = "1", // the script then execs the VM: the PID we hold is the node's
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_CONF_ENV_FILE"] = envFile,
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        var nodeProcess = ServerProcess.Start(
            "rabbitmq", ServerScript, marker: "beam", Path.Combine(directory, "log", "console.log"), pids, environment);

        var rabbit = new RabbitMqServer(nodeProcess, epmdProcess, amqpPort);
        try
        {
            await Ports.WaitUntilAsync(nodeProcess, rabbit.AnswersAsync, TimeSpan.FromSeconds(90), cancellationToken);
        }
        catch
        {
            await rabbit.DisposeAsync();
            throw;
        }

        return rabbit;
    }

    public async ValueTask DisposeAsync()
    {
        await node.StopAsync(Signals.Term, TimeSpan.FromSeconds(20));
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

    private async Task<bool> AnswersAsync()
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
            await using var connection = await factory.CreateConnectionAsync();
            return connection.IsOpen;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}
