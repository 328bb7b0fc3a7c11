using System.Diagnostics;
using Bazaar.Contracts;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Messaging.Bench;

/// <summary>
/// Bazaar's bus end to end, as a service uses it: each event committed in its own transaction
/// through the outbox, relayed with confirms, handled in a transaction with its inbox record and
/// an effect row. Publisher and consumer are one process, as a service that handles its own events.
/// </summary>
internal static class BusBench
{
    public static async Task<Result> ThroughputAsync(string postgres, string broker, int count, int producers)
    {
        await using var rig = await Rig.StartAsync(postgres, broker);
        var stopwatch = Stopwatch.StartNew();
        await Pacing.FlatOutAsync(count, producers, rig.CommitAsync);
        var committed = stopwatch.Elapsed;
        await Rig.WaitForAsync(count);
        return new Result($"Bazaar bus (outbox + inbox), {producers} producers (all committed after {committed.TotalSeconds:0.00} s)", count, stopwatch.Elapsed, null);
    }

    /// <summary>The producers' side alone: the same commits with the relay and the consumer not started.</summary>
    public static async Task<Result> ProducersAsync(string postgres, string broker, int count, int producers)
    {
        await using var rig = await Rig.StartAsync(postgres, broker, running: false);
        var stopwatch = Stopwatch.StartNew();
        await Pacing.FlatOutAsync(count, producers, rig.CommitAsync);
        return new Result($"bus producers alone (EF Core commits through the outbox, no relay, no consumer), {producers} producers", count, stopwatch.Elapsed, null);
    }

    public static async Task<Result> LatencyAsync(string postgres, string broker, int count, double rate)
    {
        await using var rig = await Rig.StartAsync(postgres, broker);
        var stopwatch = Stopwatch.StartNew();
        await Pacing.RunAsync(count, rate, rig.CommitAsync);
        await Rig.WaitForAsync(count);
        return new Result("Bazaar bus (outbox + inbox)", count, stopwatch.Elapsed, BenchHandler.Latency, rate);
    }

    private sealed class Rig(IHost host, bool running) : IAsyncDisposable
    {
        public static async Task<Rig> StartAsync(string postgres, string broker, bool running = true)
        {
            BenchHandler.Reset();
            var database = await CreateDatabaseAsync(postgres);
            var builder = Host.CreateApplicationBuilder();
            var id = Guid.NewGuid().ToString("N")[..8];
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:postgres"] = database,
                ["ConnectionStrings:rabbitmq"] = broker,
                ["Messaging:Exchange"] = $"bench-{id}",
                ["Messaging:ServiceName"] = $"bench-{id}",
            });
            // The services' defaults (MessagingOptions) unless asked otherwise, e.g. to compare settings.
            builder.Configuration.AddEnvironmentVariables("BENCH_");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddBazaarDbContext<BenchDb>();
            builder.AddMessaging<BenchDb>("bench").Handle<BenchEventHappened, BenchHandler>();
            var host = builder.Build();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreatedAsync();
            }

            if (running)
            {
                await host.StartAsync();
                await WaitForConsumerAsync(broker, $"bench-{id}");
            }

            return new Rig(host, running);
        }

        public async Task CommitAsync(int i)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
            db.AddEvent(new BenchEventHappened(i));
            await db.SaveChangesAsync();
        }

        public static async Task WaitForAsync(int count)
        {
            while (BenchHandler.Handled < count)
            {
                await Task.Delay(1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (running)
            {
                await host.StopAsync();
            }

            host.Dispose();
        }

        private static async Task<string> CreateDatabaseAsync(string postgres)
        {
            var name = $"bench_{Guid.NewGuid():N}";
            await using var connection = new Npgsql.NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
            return new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        }

        private static async Task WaitForConsumerAsync(string broker, string queue)
        {
            var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(broker) };
            await using var connection = await factory.CreateConnectionAsync();
            while (true)
            {
                try
                {
                    await using var channel = await connection.CreateChannelAsync();
                    if (await channel.ConsumerCountAsync(queue) > 0)
                    {
                        return;
                    }
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                }

                await Task.Delay(50);
            }
        }
    }
}

internal sealed record BenchEventHappened(int Number) : IIntegrationEvent;

internal sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<BenchEffect>().HasKey(e => e.Id);
    }
}

internal sealed class BenchEffect
{
    public long Id { get; set; }

    public int Number { get; set; }
}

internal sealed class BenchHandler(BenchDb db) : IEventHandler<BenchEventHappened>
{
    private static int handled;

    public static Stats Latency { get; private set; } = new();

    public static int Handled => Volatile.Read(ref handled);

    public static void Reset()
    {
        handled = 0;
        Latency = new Stats();
    }

    public Task HandleAsync(BenchEventHappened @event, EventContext context, CancellationToken cancellationToken)
    {
        db.Set<BenchEffect>().Add(new BenchEffect { Number = @event.Number });
        // Counted when the handler runs; its transaction commits right after, before the ack.
        Latency.Add((DateTimeOffset.UtcNow - context.OccurredAt).TotalMilliseconds);
        Interlocked.Increment(ref handled);
        return Task.CompletedTask;
    }
}
