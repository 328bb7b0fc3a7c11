using System.Diagnostics;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bazaar.Messaging.Bench;

/// <summary>
/// What one outbox commit costs in CPU, in this process and in PostgreSQL, layer by layer: from
/// bare Npgsql up to the services' EF Core path. CPU time per commit, unlike commits per second,
/// reads the same on a busy machine, so it says which layer to make cheaper.
/// </summary>
internal static class CostBench
{
    public static async Task RunAsync(string postgres, string broker, int count, int producers)
    {
        var database = ServerCpu.ListeningOn(new NpgsqlConnectionStringBuilder(postgres).Port);
        var rabbitMq = ServerCpu.ListeningOn(new Uri(broker).Port);
        async Task MeasureAsync(string what, Func<Task> run)
        {
            await run(); // warm-up: JIT, pools, prepared statements, queue declarations
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = (Client: process.TotalProcessorTime, Database: database.Used(), Broker: rabbitMq.Used());
            await run();
            process.Refresh();
            var client = (process.TotalProcessorTime - before.Client).TotalMicroseconds / count;
            var server = (database.Used() - before.Database).TotalMicroseconds / count;
            var queue = (rabbitMq.Used() - before.Broker).TotalMicroseconds / count;
            Console.WriteLine($"| {what} | {count} | {client:0} µs | {server:0} µs | {queue:0} µs | {client + server + queue:0} µs |");
        }

        Console.WriteLine("| CPU per message | messages | this process | PostgreSQL | RabbitMQ | all |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        await MeasureAsync("raw RabbitMQ.Client, confirms, publish to handled", () => RawBench.ThroughputAsync(broker, count));
        await MeasureAsync("bare Npgsql commit, kept prepared connection", () => FloorBench.CommitsAsync(postgres, count, producers));
        await MeasureAsync("bare Npgsql commit, pooled connection per commit", () => FloorBench.PooledCommitsAsync(postgres, count, producers));
        await using (var host = await EfHost.StartAsync(postgres, messaging: false))
        {
            await MeasureAsync("EF Core context from a scope, raw INSERT through it", () => host.RunAsync(count, producers, RawInsertAsync));
            await MeasureAsync("EF Core SaveChanges of an outbox row, no interceptor", () => host.RunAsync(count, producers, SaveChangesAsync));
        }

        await using (var host = await EfHost.StartAsync(postgres, messaging: true))
        {
            await MeasureAsync("EF Core SaveChanges with the outbox interceptor (the services' commit)", () => host.RunAsync(count, producers, SaveChangesAsync));
            await MeasureAsync("EF Core SaveChanges of a state change (one row), no event", () => host.RunAsync(count, producers, StateChangeAsync));
            await MeasureAsync("EF Core SaveChanges of the same state change with its event", () => host.RunAsync(count, producers, StateChangeWithEventAsync));
        }

        await MeasureAsync("Bazaar bus, commit to handled (outbox, relay, consumer, inbox)", () => BusBench.ThroughputAsync(postgres, broker, count, producers));
    }

    private static async Task RawInsertAsync(BenchDb db, int i)
    {
        var payload = $$"""{"number":{{i}}}""";
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages (id, event_name, payload, occurred_at, trace_parent, correlation_id)
            VALUES ({Guid.CreateVersion7()}, 'BenchEventHappened', {payload}::jsonb, now(), NULL, NULL)
            """);
    }

    private static async Task SaveChangesAsync(BenchDb db, int i)
    {
        db.AddEvent(new BenchEventHappened(i));
        await db.SaveChangesAsync();
    }

    private static async Task StateChangeAsync(BenchDb db, int i)
    {
        db.Add(new BenchEffect { Number = i });
        await db.SaveChangesAsync();
    }

    private static async Task StateChangeWithEventAsync(BenchDb db, int i)
    {
        db.Add(new BenchEffect { Number = i });
        db.AddEvent(new BenchEventHappened(i));
        await db.SaveChangesAsync();
    }

    private sealed class EfHost(IHost host) : IAsyncDisposable
    {
        public static async Task<EfHost> StartAsync(string postgres, bool messaging)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:postgres"] = await BusBench.CreateDatabaseAsync(postgres),
                ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddBazaarDbContext<BenchDb>();
            if (messaging)
            {
                // Registers the outbox's commit interceptor; the relay and consumer are never started.
                builder.AddMessaging<BenchDb>("bench");
            }

            var host = builder.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreatedAsync();
            return new EfHost(host);
        }

        public Task RunAsync(int count, int producers, Func<BenchDb, int, Task> commit) =>
            Pacing.FlatOutAsync(count, producers, async i =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                await commit(scope.ServiceProvider.GetRequiredService<BenchDb>(), i);
            });

        public ValueTask DisposeAsync()
        {
            host.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>CPU time of a server on this host: the process listening on its port and every process it started, ended ones included.</summary>
    private sealed class ServerCpu(int root)
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        public static ServerCpu ListeningOn(int port)
        {
            // /proc/net/tcp{,6}: "sl local_address rem_address st ... inode"; st 0A is LISTEN.
            var inodes = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
                .SelectMany(File.ReadLines)
                .Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length > 9 && f[3] == "0A" && Convert.ToInt32(f[1][(f[1].LastIndexOf(':') + 1)..], 16) == port)
                .Select(f => $"socket:[{f[9]}]")
                .ToHashSet();
            foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                try
                {
                    if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                    {
                        return new ServerCpu(int.Parse(Path.GetFileName(process)));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // ended, or not ours to read
                }
            }

            throw new InvalidOperationException($"No process of this host listens on port {port}.");
        }

        public TimeSpan Used()
        {
            long ticks = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid))
                {
                    continue;
                }

                string[] stat;
                try
                {
                    stat = Stat(pid);
                }
                catch (IOException)
                {
                    continue; // ended between the listing and the read
                }

                if (pid == root)
                {
                    // Its own time and that of the children it has reaped (PostgreSQL backends that ended).
                    ticks += long.Parse(stat[11]) + long.Parse(stat[12]) + long.Parse(stat[13]) + long.Parse(stat[14]);
                }
                else if (int.Parse(stat[1]) == root)
                {
                    ticks += long.Parse(stat[11]) + long.Parse(stat[12]);
                }
            }

            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }

        /// <summary>/proc/[pid]/stat from the field after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
        private static string[] Stat(int pid)
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
    }
}
