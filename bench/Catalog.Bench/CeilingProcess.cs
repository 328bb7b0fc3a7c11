using System.Diagnostics;
using System.Reflection;

namespace Bazaar.Catalog.Bench;

/// <summary>
/// The ceiling in a process of its own, as the Catalog service runs: its own garbage collector and
/// thread pool, not the load generator's. (In the bench's process, every collection the clients
/// caused stalled the ceiling too, and on list, the heaviest on memory, it fell below the service.)
/// </summary>
internal sealed class CeilingProcess(Process process, string url) : IAsyncDisposable
{
    public const string ServeOption = "--serve-ceiling";

    public string Url { get; } = url;

    public int Pid => process.Id;

    public static async Task<CeilingProcess> StartAsync(string connectionString)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(ServeOption);
        start.ArgumentList.Add(connectionString);
        var process = Process.Start(start)!;
        var url = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException("The ceiling process ended before it served.");
        return new CeilingProcess(process, url);
    }

    /// <summary>Serves until standard input closes (the parent ended it, or died).</summary>
    public static async Task ServeAsync(string connectionString)
    {
        await using var ceiling = await CeilingServer.StartAsync(connectionString);
        Console.WriteLine(ceiling.Url);
        await Console.In.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
