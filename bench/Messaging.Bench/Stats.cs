namespace Bazaar.Messaging.Bench;

/// <summary>Latencies in milliseconds, summarised as the report prints them.</summary>
internal sealed class Stats
{
    private readonly List<double> samples = [];

    public void Add(double milliseconds)
    {
        lock (samples)
        {
            samples.Add(milliseconds);
        }
    }

    public int Count
    {
        get
        {
            lock (samples)
            {
                return samples.Count;
            }
        }
    }

    public double Percentile(double p)
    {
        lock (samples)
        {
            if (samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = samples.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}

internal sealed record Result(string Name, int Messages, TimeSpan Elapsed, Stats? Latency, double OfferedRate = 0)
{
    public double Throughput => Messages / Elapsed.TotalSeconds;

    public override string ToString() => Latency is null
        ? $"| {Name} | {Messages} | {Elapsed.TotalSeconds:0.00} s | {Throughput:0} msg/s | | |"
        : $"| {Name} | {Messages} at {OfferedRate:0}/s | {Elapsed.TotalSeconds:0.00} s | {Throughput:0} msg/s | {Latency.Percentile(50):0.0} ms | {Latency.Percentile(99):0.0} ms |";
}

internal static class Pacing
{
    /// <summary>Starts <paramref name="send"/> <paramref name="count"/> times at <paramref name="rate"/> per second, without waiting for each.</summary>
    public static async Task RunAsync(int count, double rate, Func<int, Task> send)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var inFlight = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - started.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            inFlight.Add(send(i));
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Runs <paramref name="send"/> for 0 to <paramref name="count"/> - 1 from <paramref name="producers"/> concurrent loops, each taking the next number as it finishes one.</summary>
    public static Task FlatOutAsync(int count, int producers, Func<int, Task> send)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, producers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await send(i);
            }
        }));
    }
}
