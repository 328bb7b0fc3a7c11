using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Bazaar.ServiceDefaults;

/// <summary>
/// Where the instances of the other services listen, from the "Services" section: each value is
/// one base URL (a Kubernetes Service, which balances on its own) or several separated by commas
/// (the launcher's replicas, <c>./run.sh --replicas N</c>). With several, an HTTP connection to any
/// one of a service's instances is opened to whichever of them answers: a connection that is
/// refused (the instance stopped or was killed) is tried at the next, so a caller never sees one
/// dead instance while another is up. An instance that refused is tried last for a few seconds.
/// </summary>
public sealed class ServiceInstances
{
    public const string Section = "Services";

    /// <summary>How long an instance that refused a connection is tried after the others.</summary>
    private static readonly TimeSpan Shunned = TimeSpan.FromSeconds(5);

    /// <summary>How long one connection attempt may take before the next instance is tried.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, DnsEndPoint[]> instancesByEndpoint = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> refusedAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider clock;
    private int turn;

    public ServiceInstances(IConfiguration configuration, TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        foreach (var service in configuration.GetSection(Section).GetChildren())
        {
            var instances = Split(service.Value).Select(uri => new DnsEndPoint(uri.Host, uri.Port)).ToArray();
            if (instances.Length < 2)
            {
                continue;
            }

            foreach (var instance in instances)
            {
                // An address is one instance of one service: a connection to it may go to the others of that service only.
                if (!instancesByEndpoint.TryAdd(Key(instance), instances))
                {
                    throw new InvalidOperationException($"{Section}:{service.Key} names {Key(instance)}, which another service's instances include too.");
                }
            }
        }
    }

    /// <summary>Whether some service runs as several instances here (otherwise connections are left as they are).</summary>
    public bool AnyReplicated => instancesByEndpoint.Count > 0;

    /// <summary>The base address to call <paramref name="service"/> at: its first instance (the others are reached through <see cref="ConnectAsync"/>).</summary>
    public static Uri BaseAddressOf(IConfiguration configuration, string service) =>
        Split(configuration[$"{Section}:{service}"]).FirstOrDefault()
        ?? throw new InvalidOperationException($"{Section}:{service} (the {service} service's URL) is not configured.");

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>. <paramref name="balance"/>: new
    /// connections go to the instances in turn (a service's client, which names the first instance);
    /// otherwise the instance asked for is tried first and the others only if it refuses (the
    /// gateway, whose proxy balances and health-checks the instances itself).
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(bool balance) =>
        (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, balance, cancellationToken);

    /// <summary>Opens a connection to <paramref name="requested"/> or, if it is one of a service's instances, to one of them that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint requested, bool balance, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var endpoint in Candidates(requested, balance))
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(endpoint, attempt.Token);
                refusedAt.TryRemove(Key(endpoint), out _);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
                refusedAt[Key(endpoint)] = clock.GetUtcNow();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last is SocketException ? last : new SocketException((int)SocketError.TimedOut);
    }

    /// <summary>The instances to try, in order: those that did not refuse lately first.</summary>
    private IEnumerable<DnsEndPoint> Candidates(DnsEndPoint requested, bool balance)
    {
        if (!instancesByEndpoint.TryGetValue(Key(requested), out var instances))
        {
            return [requested];
        }

        var first = balance
            ? (int)((uint)Interlocked.Increment(ref turn) % (uint)instances.Length)
            : Array.FindIndex(instances, i => Key(i) == Key(requested));
        var now = clock.GetUtcNow();
        return Enumerable.Range(0, instances.Length)
            .Select(offset => instances[(first + offset) % instances.Length])
            .OrderBy(i => refusedAt.TryGetValue(Key(i), out var at) && now - at < Shunned); // stable: the turn order stays among equals
    }

    private static IEnumerable<Uri> Split(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url));

    private static string Key(DnsEndPoint endpoint) => $"{endpoint.Host}:{endpoint.Port}";
}
