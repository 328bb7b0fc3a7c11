using Bazaar.LocalInfrastructure;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;
using Xunit;

namespace Bazaar.LocalInfrastructure.Tests;

/// <summary>
/// The stack the launcher and the tests stand on: it must answer when started and leave no
/// process, port or folder behind when stopped, also after a failed start or a crashed launcher.
/// </summary>
public sealed class LocalStackTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"bazaar-infra-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task StartAsync_AllThreeServers_AnswerAndLeaveNothingBehindWhenStopped()
    {
        var stack = await LocalStack.StartAsync(new LocalStackOptions(directory, Throwaway: true), TestContext.Current.CancellationToken);
        var pids = stack.Pids;
        var ports = new[] { stack.Postgres.Port, stack.Redis.Port, stack.RabbitMq.Port };

        await using (var connection = new NpgsqlConnection(stack.Postgres.ConnectionString()))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var query = new NpgsqlCommand("SHOW server_version", connection);
            Assert.StartsWith("1", (string)(await query.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.ConnectionString))
        {
            await redis.GetDatabase().StringSetAsync("k", "v");
            Assert.Equal("v", (string?)await redis.GetDatabase().StringGetAsync("k"));
        }

        var factory = new ConnectionFactory { Uri = new Uri(stack.RabbitMq.ConnectionString) };
        await using (var rabbit = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken))
        {
            Assert.True(rabbit.IsOpen);
        }

        await stack.DisposeAsync();

        Assert.All(pids, pid => Assert.False(ServerProcess.IsAlive(pid), $"process {pid} still runs"));
        Assert.All(ports, port => Assert.False(Ports.IsInUse(port), $"port {port} still bound"));
        Assert.False(Directory.Exists(directory), "the throwaway folder was left behind");
    }

    [Fact]
    public async Task StartAsync_PortTaken_FailsClearlyAndStopsWhatDidStart()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalStack.StartAsync(new LocalStackOptions(directory, Throwaway: true) { RedisPort = takenPort }, TestContext.Current.CancellationToken));

        Assert.Contains(takenPort.ToString(), error.Message);
        // Every server that started was stopped, which removes its PID file; a leaked one keeps it.
        var leftovers = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.pid", SearchOption.AllDirectories).Where(f => f.Contains("/pids/", StringComparison.Ordinal)) : [];
        Assert.Empty(leftovers);
    }

    [Fact]
    public async Task StartAsync_AfterALauncherDiedWithoutStopping_StopsTheLeftoverAndStartsAfresh()
    {
        // A launcher killed with SIGKILL never disposes its servers: only the PID file remains.
        var orphan = await RedisServer.StartAsync(Path.Combine(directory, "redis"), port: null, persistent: false, TestContext.Current.CancellationToken);

        await using var second = await RedisServer.StartAsync(Path.Combine(directory, "redis"), port: null, persistent: false, TestContext.Current.CancellationToken);

        Assert.False(ServerProcess.IsAlive(orphan.Pid), "the leftover server still runs");
        Assert.True(ServerProcess.IsAlive(second.Pid));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
