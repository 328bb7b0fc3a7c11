using System.Net;
using System.Net.Sockets;

namespace Bazaar.LocalInfrastructure;

public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nobody listens on right now, for a server started a moment later. It lies
    /// below the kernel's ephemeral range: a port the OS picks (bind to 0) comes from the range
    /// outgoing connections take their local ports from, and one of those took such a port from
    /// a service before it had started listening. No port is handed out twice by this process.
    /// </summary>
    public static int Free()
    {
        var (low, high) = BelowEphemeral();
        for (var attempt = 0; attempt < 200 && low < high; attempt++)
        {
            var port = Random.Shared.Next(low, high + 1);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            if (CanListen(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ports from 20000 up to the kernel's ephemeral range (32768 unless configured otherwise).</summary>
    internal static (int Low, int High) BelowEphemeral()
    {
        const int low = 20_000;
        var ephemeralStart = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralStart = int.Parse(range[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or not readable: the usual default.
        }

        return (low, ephemeralStart - 1);
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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
