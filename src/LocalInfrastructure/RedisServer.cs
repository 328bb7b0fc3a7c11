using System.Net.Sockets;
using System.Text;

namespace Bazaar.LocalInfrastructure;

/// <summary>A private Redis 7 on 127.0.0.1 from the machine's packages.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ServerProcess process;

    private RedisServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => process.Pid;

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <param name="persistent">Keep data across restarts (append-only file) instead of memory only.</param>
    public static async Task<RedisServer> StartAsync(string directory, int? port, bool persistent, CancellationToken cancellationToken = default)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Redis is not installed (apt-get install -y redis-server).");
        Directory.CreateDirectory(directory);
        var actualPort = Ports.FreeOr(port);
        var persistence = persistent ? "--appendonly yes" : "--appendonly no";
        var server = ServerProcess.Start(
            "redis",
            $"{executable} --bind 127.0.0.1 --port {actualPort} --dir {ServerProcess.Quote(directory)} --save '' {persistence} --daemonize no --protected-mode yes",
            marker: "redis-server",
            logFile: Path.Combine(directory, "redis.log"),
            pidDirectory: Path.Combine(directory, "pids"));
        var redis = new RedisServer(server, actualPort);
        try
        {
            await Ports.WaitUntilAsync(server, redis.AnswersAsync, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }

        return redis;
    }

    public ValueTask DisposeAsync() => new(process.StopAsync(Signals.Term, TimeSpan.FromSeconds(10)));

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }
}
