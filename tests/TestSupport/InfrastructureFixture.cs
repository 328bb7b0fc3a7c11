using Bazaar.LocalInfrastructure;
using Npgsql;
using Xunit;

namespace Bazaar.TestSupport;

/// <summary>
/// Real PostgreSQL, Redis and RabbitMQ for a test assembly. Under ./test.sh the whole run shares
/// one stack, handed over in BAZAAR_POSTGRES, BAZAAR_REDIS and BAZAAR_RABBITMQ; a project run on
/// its own (dotnet test, an IDE) starts a throwaway stack and stops it when the run ends.
/// Use it with <c>[assembly: AssemblyFixture(typeof(InfrastructureFixture))]</c>.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    /// <summary>
    /// Test classes start their service in memory side by side, and WebApplicationFactory starts a
    /// host synchronously: each start holds a pool thread while the service's own startup (its
    /// migration's connection, say) waits for another. On two cores the pool grows by about one
    /// thread a second, so under load a start could wait out Npgsql's 15 s connect timeout for a
    /// thread (an Inventory fixture did, in CI). The pool starts large enough for every start at once.
    /// </summary>
    static InfrastructureFixture()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }

    private readonly LocalStackOptions? own;
    private LocalStack? ownStack;
    private string postgres = string.Empty;

    /// <summary>The shared stack under ./test.sh, a throwaway one of its own otherwise (xUnit's fixtures have this one public constructor).</summary>
    public InfrastructureFixture()
    {
    }

    private InfrastructureFixture(LocalStackOptions own) => this.own = own;

    /// <summary>A stack of its own, always, started with <paramref name="options"/>: for a suite that stops and starts its servers.</summary>
    public static InfrastructureFixture OfItsOwn(LocalStackOptions options) => new(options);

    /// <summary>The stack this fixture started, if it started one (not the shared one of ./test.sh).</summary>
    public LocalStack? OwnStack => ownStack;

    public string RedisConnectionString { get; private set; } = string.Empty;

    public string RabbitMqConnectionString { get; private set; } = string.Empty;

    /// <summary>The superuser connection string of the server (database "postgres").</summary>
    public string PostgresAdminConnectionString => postgres;

    public async ValueTask InitializeAsync()
    {
        var shared = (
            Postgres: Environment.GetEnvironmentVariable(LocalStack.PostgresVariable),
            Redis: Environment.GetEnvironmentVariable(LocalStack.RedisVariable),
            RabbitMq: Environment.GetEnvironmentVariable(LocalStack.RabbitMqVariable));
        if (own is null && shared is { Postgres: { Length: > 0 } p, Redis: { Length: > 0 } r, RabbitMq: { Length: > 0 } q })
        {
            (postgres, RedisConnectionString, RabbitMqConnectionString) = (p, r, q);
            return;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"bazaar-test-{Guid.NewGuid():N}");
        ownStack = await LocalStack.StartAsync(own ?? new LocalStackOptions(directory, Throwaway: true));
        postgres = ownStack.Postgres.ConnectionString();
        RedisConnectionString = ownStack.Redis.ConnectionString;
        RabbitMqConnectionString = ownStack.RabbitMq.ConnectionString;
    }

    /// <summary>A new, empty database of its own (a test class gets one), as a connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{Sanitize(prefix ?? "test")}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (ownStack is not null)
        {
            await ownStack.DisposeAsync();
        }
    }

    private static string Sanitize(string prefix) =>
        new(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(20).ToArray());
}
