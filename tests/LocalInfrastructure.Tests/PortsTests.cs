using System.Net;
using System.Net.Sockets;
using Bazaar.LocalInfrastructure;
using Xunit;

namespace Bazaar.LocalInfrastructure.Tests;

/// <summary>Ports handed to servers that start a moment later (the platform's services in tests).</summary>
public sealed class PortsTests
{
    [Fact]
    public void Free_HandsOutDistinctPortsOutsideTheEphemeralRange_ThatAServerCanListenOn()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0]);

        var ports = Enumerable.Range(0, 50).Select(_ => Ports.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        // An outgoing connection takes its local port from the ephemeral range; a port from there
        // could be taken before the server it was meant for starts listening.
        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        foreach (var port in ports.Take(5))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
