using Microsoft.Extensions.Hosting;

namespace Bazaar.Messaging;

/// <summary>
/// A background service that finishes the work it has begun when the host stops (SIGTERM). The
/// stopping token <see cref="BackgroundService.ExecuteAsync"/> gets means "begin nothing new";
/// <see cref="Abandoned"/>, given to work under way, is cancelled only when the host's shutdown
/// timeout runs out. <see cref="DrainAsync"/> is work still under way once ExecuteAsync returned.
/// </summary>
public abstract class DrainingBackgroundService : BackgroundService
{
    private readonly CancellationTokenSource abandon = new();

    /// <summary>Cancelled only when the host's shutdown timeout runs out: the token of work already begun.</summary>
    protected CancellationToken Abandoned => abandon.Token;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abandoning = cancellationToken.Register(abandon.Cancel);
        await base.StopAsync(cancellationToken);
        try
        {
            await DrainAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Past the shutdown timeout: Abandoned is cancelled, and what it guards gives up.
        }
    }

    /// <summary>Work that runs beside ExecuteAsync and is still to finish (none by default).</summary>
    protected virtual Task DrainAsync() => Task.CompletedTask;

    public override void Dispose()
    {
        abandon.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
