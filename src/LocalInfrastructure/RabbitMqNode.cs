using System.Diagnostics;
using System.Security.Cryptography;
using RabbitMQ.Client;

namespace Bazaar.LocalInfrastructure;

/// <summary>
/// One RabbitMQ 3.10 node of a <see cref="RabbitMqServer"/>: its own folder (data, logs, config),
/// AMQP port and distribution port, registered with the server's private epmd.
/// </summary>
public sealed class RabbitMqNode
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string ControlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private readonly ServerProcess process;
    private readonly IReadOnlyDictionary<string, string> environment;

    private RabbitMqNode(string name, int port, bool fresh, ServerProcess process, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Port = port;
        Fresh = fresh;
        this.process = process;
        this.environment = environment;
    }

    /// <summary>The Erlang node name, <c>bazaar-…@localhost</c>, as <c>rabbitmqctl -n</c> and <c>join_cluster</c> want it.</summary>
    public string Name { get; }

    public int Port { get; }

    public int Pid => process.Pid;

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public bool HasExited => process.HasExited;

    /// <summary>Started on an empty data folder: a node of a cluster still has to join it.</summary>
    internal bool Fresh { get; }

    internal static bool IsInstalled => File.Exists(ServerScript);

    /// <summary>
    /// Starts the node's process and returns at once; <see cref="WaitUntilAnswersAsync"/> waits for it.
    /// Every node of one server shares <paramref name="home"/>, which holds the Erlang cookie the
    /// nodes (and rabbitmqctl) must agree on, and the epmd on <paramref name="epmdPort"/>.
    /// </summary>
    internal static RabbitMqNode Start(string directory, string home, int amqpPort, int epmdPort)
    {
        var distPort = Ports.Free();
        var data = Path.Combine(directory, "mnesia");
        var fresh = !Directory.Exists(data) || !Directory.EnumerateFileSystemEntries(data).Any();
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        Directory.CreateDirectory(data);
        var config = Path.Combine(directory, "rabbitmq.conf");
        File.WriteAllText(config, $"listeners.tcp.default = 127.0.0.1:{amqpPort}\nloopback_users.guest = true\n");
        var plugins = Path.Combine(directory, "enabled_plugins");
        File.WriteAllText(plugins, "[].\n");
        var envFile = Path.Combine(directory, "rabbitmq-env.conf");
        File.WriteAllText(envFile, string.Empty);

        // A node name is tied to its data: keep the name stable for a kept data folder.
        var name = $"bazaar-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(directory)))[..10]}@localhost";
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RUNNING_UNDER_SYSTEMD"] = "1", // the script then execs the VM: the PID we hold is the node's
            ["RABBITMQ_NODENAME"] = name,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = data,
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_CONF_ENV_FILE"] = envFile,
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_CTL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        var process = ServerProcess.Start(
            "rabbitmq", ServerScript, marker: "beam", Path.Combine(directory, "log", "console.log"), Path.Combine(directory, "pids"), environment);
        return new RabbitMqNode(name, amqpPort, fresh, process, environment);
    }

    /// <summary>Polls with an AMQP connect: faster than <c>rabbitmqctl await_startup</c>, whose every call boots a VM.</summary>
    internal Task WaitUntilAnswersAsync(CancellationToken cancellationToken) =>
        Ports.WaitUntilAsync(process, AnswersAsync, TimeSpan.FromSeconds(90), cancellationToken);

    /// <summary>
    /// Runs <c>rabbitmqctl -n</c> this node with the node's own environment (cookie, epmd port),
    /// and returns what it printed; a non-zero exit is an error carrying its output.
    /// </summary>
    public Task<string> ControlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        RunAsync(ControlScript, ["-n", Name, .. arguments], cancellationToken);

    internal Task StopAsync() => process.StopAsync(Signals.Term, TimeSpan.FromSeconds(20));

    private async Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var cli = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {program}.");
        var output = cli.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = cli.StandardError.ReadToEndAsync(cancellationToken);
        await cli.WaitForExitAsync(cancellationToken);
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)} failed ({cli.ExitCode}):\n{await output}\n{await error}");
        }

        return await output;
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
