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
    private readonly CancellationTokenSource abandon;
    private readonly CancellationToken abandoned;

    protected DrainingBackgroundService()
    {
        abandon = new CancellationTokenSource();
        abandoned = abandon.Token;
    }

    /// <summary>
    /// Cancelled only when the host's shutdown timeout runs out: the token of work already begun.
    /// Kept from the start, so that it can still be read by a stop that comes after the service was
    /// disposed (a test host torn down once stopped, seen in CI as ObjectDisposedException).
    /// </summary>
    protected CancellationToken Abandoned => abandoned;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abandoning = cancellationToken.Register(Abandon);
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

    private void Abandon()
    {
        try
        {
            abandon.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing is left running to abandon.
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
