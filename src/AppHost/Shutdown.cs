using System.Runtime.InteropServices;

namespace Bazaar.AppHost;

/// <summary>A token cancelled by Ctrl+C, SIGTERM, SIGHUP or SIGQUIT: all end the launcher cleanly.</summary>
internal sealed class Shutdown : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly List<PosixSignalRegistration> registrations = [];

    public Shutdown()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                source.Cancel();
            }));
        }
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        registrations.ForEach(r => r.Dispose());
        source.Dispose();
    }
}
