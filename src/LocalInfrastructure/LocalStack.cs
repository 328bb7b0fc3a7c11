using System.Diagnostics;

namespace Bazaar.LocalInfrastructure;

/// <summary>What a stack needs to be told: where its data lives, and whether it may be thrown away.</summary>
public sealed record LocalStackOptions(string Directory, bool Throwaway)
{
    public int? PostgresPort { get; init; }

    public int? RedisPort { get; init; }

    /// <summary>The first RabbitMQ node's AMQP port.</summary>
    public int? RabbitMqPort { get; init; }

    /// <summary>RabbitMQ nodes joined into one cluster (1 is a single node, as before clusters).</summary>
    public int RabbitMqNodes { get; init; } = 1;

    /// <summary>
    /// Redis writes an append-only file, so its data outlives a restart. Unset: only when the stack is
    /// kept (not <see cref="Throwaway"/>); a throwaway stack whose Redis is restarted on purpose sets it.
    /// </summary>
    public bool? RedisPersistent { get; init; }

    internal bool RedisKeepsData => RedisPersistent ?? !Throwaway;
}

/// <summary>
/// PostgreSQL, Redis and RabbitMQ started together (in parallel), stopped together. When one
/// fails to start, the ones that did start are stopped before the error surfaces.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string PostgresVariable = "BAZAAR_POSTGRES";
    public const string RedisVariable = "BAZAAR_REDIS";
    public const string RabbitMqVariable = "BAZAAR_RABBITMQ";

    private readonly LocalStackOptions options;
    private readonly string postgresDirectory;

    private LocalStack(LocalStackOptions options, string postgresDirectory, PostgresServer postgres, RedisServer redis, RabbitMqServer rabbitMq, TimeSpan startup)
    {
        this.options = options;
        this.postgresDirectory = postgresDirectory;
        Postgres = postgres;
        Redis = redis;
        RabbitMq = rabbitMq;
        StartupTime = startup;
    }

    public PostgresServer Postgres { get; private set; }

    public RedisServer Redis { get; private set; }

    public RabbitMqServer RabbitMq { get; }

    public TimeSpan StartupTime { get; }

    public IReadOnlyList<int> Pids => [Postgres.Pid, Redis.Pid, .. RabbitMq.Pids];

    /// <summary>The connection strings as environment variables, for handing the stack to another process.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        [PostgresVariable] = Postgres.ConnectionString(),
        [RedisVariable] = Redis.ConnectionString,
        [RabbitMqVariable] = RabbitMq.ConnectionString,
    };

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var root = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(root);

        var postgresDirectory = PostgresDirectory(root);
        var postgres = PostgresServer.StartAsync(postgresDirectory, options.PostgresPort, options.Throwaway, cancellationToken);
        var redis = RedisServer.StartAsync(Path.Combine(root, "redis"), options.RedisPort, persistent: options.RedisKeepsData, cancellationToken);
        var rabbitMq = RabbitMqServer.StartAsync(Path.Combine(root, "rabbitmq"), options.RabbitMqPort, options.RabbitMqNodes, cancellationToken);

        try
        {
            await Task.WhenAll(postgres, redis, rabbitMq);
        }
        catch
        {
            // Task.WhenAll waits for all three, so every one that started can be stopped here.
            await StopIfStartedAsync(postgres);
            await StopIfStartedAsync(redis);
            await StopIfStartedAsync(rabbitMq);

            throw;
        }

        return new LocalStack(options with { Directory = root }, postgresDirectory, postgres.Result, redis.Result, rabbitMq.Result, stopwatch.Elapsed);
    }

    /// <summary>
    /// Stops PostgreSQL (fast shutdown: every client is disconnected) and starts it again on its port
    /// and data, as an operator's restart or a failover does; returns when it answers again.
    /// </summary>
    public async Task RestartPostgresAsync(CancellationToken cancellationToken = default)
    {
        var port = Postgres.Port;
        await Postgres.DisposeAsync();
        Postgres = await PostgresServer.StartAsync(postgresDirectory, port, options.Throwaway, cancellationToken);
    }

    /// <summary>Stops Redis and starts it again on its port; its data survives when <see cref="LocalStackOptions.RedisPersistent"/>.</summary>
    public async Task RestartRedisAsync(CancellationToken cancellationToken = default)
    {
        var port = Redis.Port;
        await Redis.DisposeAsync();
        Redis = await RedisServer.StartAsync(Path.Combine(options.Directory, "redis"), port, persistent: options.RedisKeepsData, cancellationToken);
    }

    private static async Task StopIfStartedAsync<T>(Task<T> start)
        where T : IAsyncDisposable
    {
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(
            RabbitMq.DisposeAsync().AsTask(),
            Redis.DisposeAsync().AsTask(),
            Postgres.DisposeAsync().AsTask());
        if (options.Throwaway)
        {
            DeleteQuietly(postgresDirectory);
            DeleteQuietly(options.Directory);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is untidy, not wrong; the servers are already stopped.
        }
    }

    /// <summary>
    /// PostgreSQL runs as the postgres user, which must be able to enter every parent folder. A
    /// checkout under a private home folder cannot be entered: use a folder under /tmp instead of
    /// changing permissions of folders that are not ours.
    /// </summary>
    private static string PostgresDirectory(string root)
    {
        var wanted = Path.Combine(root, "postgres");
        if (PostgresCanEnter(root))
        {
            return wanted;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12];
        return Path.Combine(Path.GetTempPath(), $"bazaar-postgres-{hash}");
    }

    private static bool PostgresCanEnter(string directory)
    {
        var info = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var argument in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "test", "-x", directory })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
