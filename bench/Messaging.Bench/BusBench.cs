using System.Diagnostics;
using System.Diagnostics.Metrics;
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

    /// <summary>A fresh database for one run, so no run sees another's rows.</summary>
    internal static async Task<string> CreateDatabaseAsync(string postgres)
    {
        var name = $"bench_{Guid.NewGuid():N}";
        await using var connection = new Npgsql.NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    /// <summary>
    /// A backlog such as a broker outage leaves: <paramref name="count"/> events committed while the
    /// relay and consumer are stopped, then both started; timed from the start to the last handled.
    /// </summary>
    /// <remarks>Without <paramref name="consume"/> the events go to a queue that keeps only the last one, which times the relay alone.</remarks>
    public static async Task<Result> DrainAsync(string postgres, string broker, int count, int producers, bool consume)
    {
        await using var rig = await Rig.StartAsync(postgres, broker, running: false, consume);
        await Pacing.FlatOutAsync(count, producers, rig.CommitAsync);
        long published = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == "bazaar.messaging.published")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref published, value));
        listener.Start();
        var stopwatch = Stopwatch.StartNew();
        await rig.RunAsync();
        while (Interlocked.Read(ref published) < count)
        {
            await Task.Delay(1);
        }

        if (!consume)
        {
            return new Result($"a backlog of {count} committed events sent by the relay alone", count, stopwatch.Elapsed, null);
        }

        var sent = stopwatch.Elapsed;
        await Rig.WaitForAsync(count);
        return new Result($"a backlog of {count} committed events, from the start of relay and consumer (all sent after {sent.TotalSeconds:0.00} s, {count / sent.TotalSeconds:0}/s) to all handled", count, stopwatch.Elapsed, null);
    }

    private sealed class Rig(IHost host, string broker, string name, bool consume) : IAsyncDisposable
    {
        private bool running;

        public static async Task<Rig> StartAsync(string postgres, string broker, bool running = true, bool consume = true)
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
            var messaging = builder.AddMessaging<BenchDb>("bench");
            if (consume)
            {
                messaging.Handle<BenchEventHappened, BenchHandler>();
            }

            var host = builder.Build();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreatedAsync();
            }

            var rig = new Rig(host, broker, $"bench-{id}", consume);
            if (running)
            {
                await rig.RunAsync();
            }

            return rig;
        }

        /// <summary>Starts the relay and the consumer, and returns once the consumer listens.</summary>
        public async Task RunAsync()
        {
            if (!consume)
            {
                await DeclareSinkAsync();
            }

            await host.StartAsync();
            running = true;
            if (consume)
            {
                await WaitForConsumerAsync(broker, name);
            }
        }

        /// <summary>Without a consumer, a queue that keeps only the newest event, so the relay's events are routed (not returned) and the broker holds none.</summary>
        private async Task DeclareSinkAsync()
        {
            var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(broker) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync(name, RabbitMQ.Client.ExchangeType.Topic, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync($"{name}-sink", durable: false, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-max-length"] = 1 });
            await channel.QueueBindAsync($"{name}-sink", name, EventSerializer.NameOf<BenchEventHappened>());
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
