using Bazaar.LocalInfrastructure;
using Bazaar.Messaging.Bench;

// Bus against raw RabbitMQ.Client on the same machine, in the same run (docs/performance.md).
// Uses BAZAAR_POSTGRES / BAZAAR_RABBITMQ when set, else starts a throwaway stack of its own.
var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var rate = args.Length > 1 ? double.Parse(args[1]) : 1_000;
var seconds = args.Length > 2 ? int.Parse(args[2]) : 10;
// Fourth argument: "raw", "floor", "bus" or "producers" (the bus's producers alone, e.g. to profile
// their commits) runs that part only; "cost" prints the CPU each layer costs per message; "drain"
// times a backlog sent after a restart. Default: raw, floor and bus.
var only = args.Length > 3 ? args[3] : "both";
var raw = only is "both" or "raw";
var floor = only is "both" or "floor";
var bus = only is "both" or "bus";

LocalStack? stack = null;
var postgres = Environment.GetEnvironmentVariable(LocalStack.PostgresVariable);
var broker = Environment.GetEnvironmentVariable(LocalStack.RabbitMqVariable);
if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(broker))
{
    stack = await LocalStack.StartAsync(new LocalStackOptions(Path.Combine(Path.GetTempPath(), $"bazaar-bench-{Guid.NewGuid():N}"), Throwaway: true));
    postgres = stack.Postgres.ConnectionString();
    broker = stack.RabbitMq.ConnectionString;
}

try
{
    Console.WriteLine($"{Environment.ProcessorCount} cores, {count} messages for throughput, {rate}/s for {seconds} s for latency");
    if (only is "cost")
    {
        await CostBench.RunAsync(postgres, broker, count, 16);
        return;
    }

    Console.WriteLine("| what | messages | elapsed | throughput | p50 | p99 |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    // A short warm-up of each path, not reported: JIT, pools, queue declarations.
    if (raw)
    {
        await RawBench.ThroughputAsync(broker, 3_000);
        Console.WriteLine(await RawBench.ThroughputAsync(broker, count));
    }

    if (floor)
    {
        await FloorBench.CommitsAsync(postgres, 3_000, 16);
        Console.WriteLine(await FloorBench.CommitsAsync(postgres, count, 16));
        await FloorBench.PooledCommitsAsync(postgres, 3_000, 16);
        Console.WriteLine(await FloorBench.PooledCommitsAsync(postgres, count, 16));
    }

    if (floor || only is "producers")
    {
        await BusBench.ProducersAsync(postgres, broker, 3_000, 16);
        Console.WriteLine(await BusBench.ProducersAsync(postgres, broker, count, 16));
    }

    if (only is "drain")
    {
        await BusBench.DrainAsync(postgres, broker, 3_000, 16, consume: true);
        Console.WriteLine(await BusBench.DrainAsync(postgres, broker, count, 16, consume: false));
        Console.WriteLine(await BusBench.DrainAsync(postgres, broker, count, 16, consume: true));
    }

    if (bus)
    {
        await BusBench.ThroughputAsync(postgres, broker, 3_000, 16);
        Console.WriteLine(await BusBench.ThroughputAsync(postgres, broker, count, 16));
    }

    if (raw && rate > 0)
    {
        Console.WriteLine(await RawBench.LatencyAsync(broker, (int)(rate * seconds), rate));
    }

    if (bus && rate > 0)
    {
        Console.WriteLine(await BusBench.LatencyAsync(postgres, broker, (int)(rate * seconds), rate));
    }
}
finally
{
    if (stack is not null)
    {
        await stack.DisposeAsync();
    }
}
