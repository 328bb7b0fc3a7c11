using System.Net;
using System.Net.Sockets;

namespace Bazaar.LocalInfrastructure;

public static class Ports
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsInUse(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreeOr(int? wanted)
    {
        if (wanted is not { } port)
        {
            return Free();
        }

        return IsInUse(port)
            ? throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use; stop what holds it or choose another.")
            : port;
    }

    /// <summary>Polls <paramref name="ready"/> until it answers true; fails early when the server died.</summary>
    public static async Task WaitUntilAsync(ServerProcess server, Func<Task<bool>> ready, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ready())
            {
                return;
            }

            if (server.HasExited)
            {
                throw new InvalidOperationException($"{server.Name} exited while starting. Its log ({server.LogFile}) ends with:\n{server.Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{server.Name} was not ready after {timeout.TotalSeconds:0} s. Its log ({server.LogFile}) ends with:\n{server.Tail()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
