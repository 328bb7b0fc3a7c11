using System.Diagnostics;
using Npgsql;

namespace Bazaar.Messaging.Bench;

/// <summary>
/// The floor under any transactional outbox on this host: producers that each commit one event,
/// as the services do, with nothing but Npgsql. One prepared INSERT of an outbox-shaped row per
/// commit, the same 16 concurrent producers as the bus run; no EF Core, no relay, no broker, no
/// consumer. The bus can go no faster than this, whatever its own code costs.
/// </summary>
internal static class FloorBench
{
    private const string Insert = """
        INSERT INTO floor_outbox (id, event_name, payload, occurred_at, trace_parent, correlation_id)
        VALUES (@id, 'BenchEventHappened', @payload::jsonb, now(), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'bench')
        """;

    public static async Task<Result> CommitsAsync(string postgres, int count, int producers)
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = 100 }.ConnectionString;
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("""
                DROP TABLE IF EXISTS floor_outbox;
                CREATE TABLE floor_outbox (id uuid PRIMARY KEY, event_name varchar(200) NOT NULL, payload jsonb NOT NULL,
                    occurred_at timestamptz NOT NULL, trace_parent varchar(64), correlation_id varchar(128), sent_at timestamptz);
                CREATE INDEX ON floor_outbox (id) WHERE sent_at IS NULL;
                """, setup);
            await create.ExecuteNonQueryAsync();
        }

        var stopwatch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Insert, connection);
            var id = new NpgsqlParameter<Guid>("id", Guid.Empty);
            var payload = new NpgsqlParameter<string>("payload", "");
            command.Parameters.Add(id);
            command.Parameters.Add(payload);
            await command.PrepareAsync();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                id.TypedValue = Guid.CreateVersion7();
                payload.TypedValue = $$"""{"number":{{i}}}""";
                await command.ExecuteNonQueryAsync();
            }
        }));
        return new Result($"floor: one-event commits with bare Npgsql, {producers} producers, nothing else", count, stopwatch.Elapsed, null);
    }

    /// <summary>
    /// The same commits, each on a connection taken from the pool and given back, as EF Core does
    /// for every SaveChanges, with the services' Npgsql settings (auto-prepare, no reset on close).
    /// </summary>
    public static async Task<Result> PooledCommitsAsync(string postgres, int count, int producers)
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = 100, MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString;
        var stopwatch = Stopwatch.StartNew();
        await Pacing.FlatOutAsync(count, producers, async i =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Insert, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", Guid.CreateVersion7()));
            command.Parameters.Add(new NpgsqlParameter<string>("payload", $$"""{"number":{{i}}}"""));
            await command.ExecuteNonQueryAsync();
        });
        return new Result($"floor, a pooled connection opened per commit, {producers} producers", count, stopwatch.Elapsed, null);
    }
}
