using System.Diagnostics;
using Bazaar.AppHost;
using Bazaar.LocalInfrastructure;
using LaunchPlan = Bazaar.AppHost.Platform;

namespace Bazaar.TestSupport;

/// <summary>What a suite does to the platform's processes: kill, terminate, start again.</summary>
public abstract partial class LaunchedPlatform
{
    /// <summary>
    /// Kills the running process named <paramref name="processName"/> with SIGKILL, as the kernel's
    /// OOM killer or a lost node does: no drain, no goodbye. Returns once it is gone.
    /// </summary>
    public async Task KillAsync(string processName)
    {
        var process = processes.Last(p => p.Name == processName).Process;
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Starts the process named <paramref name="processName"/> again where it was (a new pod of its Deployment) and waits until it is ready.</summary>
    public async Task RestartInstanceAsync(string processName)
    {
        var (_, url, _, _, instance) = processes.Last(p => p.Name == processName);
        var service = LaunchPlan.Services.Single(s => InstancesOf(s.Name).Contains(processName)).Name;
        Start(service, EnvironmentOf(service, instance: instance), processName, url, instance);
        await WaitUntilReadyAsync(processName);
    }

    /// <summary>
    /// Sends SIGTERM to the running process of <paramref name="service"/>, as Kubernetes does to a
    /// pod it replaces, and waits up to <paramref name="grace"/> for it to exit (failing past it,
    /// where Kubernetes would SIGKILL); returns its exit code and how long it took.
    /// </summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(string service, TimeSpan grace)
    {
        var process = processes.Last(p => p.Name == service).Process;
        var took = Stopwatch.StartNew();
        if (Signals.Send(process.Id, Signals.Term) != 0)
        {
            throw new InvalidOperationException($"SIGTERM could not be sent to {service} ({process.Id}).");
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{service} still ran {grace.TotalSeconds:0} s after SIGTERM:\n{OutputOf(service)}");
        }

        return (process.ExitCode, took.Elapsed);
    }

    /// <summary>Starts <paramref name="service"/> again where it was, as a new pod of its Deployment, and waits until it is ready.</summary>
    public async Task RestartAsync(string service)
    {
        Start(service, EnvironmentOf(service));
        await WaitUntilReadyAsync(service);
    }
}
