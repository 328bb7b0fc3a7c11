using RabbitMQ.Client;

namespace Bazaar.Messaging;

/// <summary>
/// ConnectionStrings:rabbitmq read once: an AMQP URI whose host part may list every node of a
/// cluster, comma-separated, as libpq's multi-host URIs do:
/// <c>amqp://guest:guest@127.0.0.1:5673,127.0.0.1:5674,127.0.0.1:5675/</c>. Credentials, virtual
/// host and query apply to every node. One host is a plain AMQP URI, read as it always was. The
/// client connects to the nodes in random order and, when the node it is on dies, recovers the
/// connection on another.
/// </summary>
public sealed record BrokerAddress(Uri Uri, IReadOnlyList<AmqpTcpEndpoint> Endpoints)
{
    public static BrokerAddress Parse(string connectionString)
    {
        // The host list runs from after the user info (the last '@' before the path) to the path.
        var schemeEnd = connectionString.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw new FormatException("The RabbitMQ connection string is not an AMQP URI (amqp://user:password@host:port/vhost).");
        }

        var authorityStart = schemeEnd + 3;
        var pathStart = connectionString.IndexOfAny(['/', '?'], authorityStart);
        if (pathStart < 0)
        {
            pathStart = connectionString.Length;
        }

        var userInfoEnd = connectionString[authorityStart..pathStart].LastIndexOf('@');
        var hostsStart = userInfoEnd < 0 ? authorityStart : authorityStart + userInfoEnd + 1;
        var prefix = connectionString[..hostsStart];
        var suffix = connectionString[pathStart..];

        // Each host written back into the full URI: System.Uri then checks it, brackets for IPv6 included.
        var uris = connectionString[hostsStart..pathStart]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(host => new Uri(prefix + host + suffix))
            .ToList();
        if (uris.Count == 0)
        {
            throw new FormatException("The RabbitMQ connection string names no host.");
        }

        return new BrokerAddress(uris[0], [.. uris.Select(Endpoint)]);
    }

    /// <summary>A factory with the URI's credentials, virtual host and TLS; connect it to <see cref="Endpoints"/>.</summary>
    public ConnectionFactory CreateFactory() => new() { Uri = Uri };

    /// <summary>A plain connection (no automatic recovery) to whichever node answers first.</summary>
    public Task<IConnection> ConnectAsync(string? clientName = null, CancellationToken cancellationToken = default) =>
        CreateFactory().CreateConnectionAsync(Endpoints, clientName, cancellationToken);

    private static AmqpTcpEndpoint Endpoint(Uri uri)
    {
        if (uri.IdnHost.Length == 0)
        {
            throw new FormatException($"The RabbitMQ connection string has an empty host ({uri.Scheme}://…@host:port/).");
        }

        var tls = uri.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
        var ssl = tls ? new SslOption(uri.IdnHost, enabled: true) : new SslOption();
        // IdnHost: an IPv6 address without its brackets, as a socket wants it.
        return new AmqpTcpEndpoint(uri.IdnHost, uri.Port > 0 ? uri.Port : (tls ? 5671 : 5672), ssl);
    }
}
