using System.Diagnostics;
using Bazaar.LocalInfrastructure;

namespace Bazaar.AppHost;

/// <summary>
/// One service process (one instance of a service): its output prefixed with its label, restarted
/// with growing pauses when it crashes, stopped (with its whole process tree) when the launcher stops.
/// </summary>
/// <param name="label">The service's name, with the instance's number when it runs as several ("ordering-2").</param>
/// <param name="url">Where this instance listens.</param>
internal sealed class SupervisedService(ServiceSpec spec, string label, string url, string assemblyPath, IReadOnlyDictionary<string, string> environment, ConsoleColor color)
{
    private static readonly Lock ConsoleLock = new();
    private Process? process;

    public ServiceSpec Spec => spec;

    public string Label => label;

    public string Url => url;

    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    public async Task RunAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            process = Start();
            try
            {
                await process.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Write($"exited with code {process.ExitCode}; restarting in {pause.TotalSeconds:0} s", ConsoleColor.Red);
            pause = started.Elapsed > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 30));
            try
            {
                await Task.Delay(pause, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        // SIGTERM lets ASP.NET Core drain requests; a service that hangs is killed after 10 s.
        _ = Signals.Send(running.Id, Signals.Term);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
    }

    private Process Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assemblyPath },
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {label}.");
        started.OutputDataReceived += (_, e) => Write(e.Data, null);
        started.ErrorDataReceived += (_, e) => Write(e.Data, ConsoleColor.Red);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    public void Write(string? line, ConsoleColor? lineColor)
    {
        if (line is null)
        {
            return;
        }

        lock (ConsoleLock)
        {
            Console.ForegroundColor = color;
            Console.Write($"{label,-15}| ");
            if (lineColor is { } c)
            {
                Console.ForegroundColor = c;
            }
            else
            {
                Console.ResetColor();
            }

            Console.WriteLine(line);
            Console.ResetColor();
        }
    }
}
