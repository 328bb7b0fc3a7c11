using System.Net;
using System.Net.Sockets;

namespace Bazaar.Notifications.Webhooks;

/// <summary>The target of an attempt resolved to an address the shop does not call (SSRF).</summary>
public sealed class TargetRefusedException(string message) : Exception(message);

/// <summary>
/// Where webhooks may go. A URL is checked for its shape when it is subscribed; its host is
/// resolved and checked when each attempt connects, and the attempt connects to the address that
/// was checked, so a name that resolves elsewhere later (DNS rebinding) gains nothing.
/// </summary>
public static class WebhookTargets
{
    public const string HttpClientName = "webhooks";

    /// <summary>Null when <paramref name="url"/> is an absolute http(s) URL without credentials; otherwise why not.</summary>
    public static string? ShapeError(string? url, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookSubscription.MaxUrlLength)
        {
            return $"Give an absolute http or https URL of at most {WebhookSubscription.MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
        {
            return "Give an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry credentials; the signature authenticates the shop.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "The URL must not have a fragment.";
        }

        parsed = uri;
        return null;
    }

    /// <summary>Why the shop does not call <paramref name="address"/>, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0], b[1]) switch
            {
                (0, _) => "unspecified",
                (10, _) or (172, >= 16 and <= 31) or (192, 168) => "private",
                (100, >= 64 and <= 127) => "shared (CGNAT)",
                (169, 254) => "link-local",
                ( >= 224 and <= 239, _) => "multicast",
                ( >= 240, _) => "reserved",
                _ => null,
            };
        }

        return address switch
        {
            _ when address.Equals(IPAddress.IPv6Any) => "unspecified",
            { IsIPv6LinkLocal: true } => "link-local",
            { IsIPv6SiteLocal: true } or { IsIPv6UniqueLocal: true } => "private",
            { IsIPv6Multicast: true } => "multicast",
            _ => null,
        };
    }

    /// <summary>
    /// The connection of every attempt: resolves the host, refuses it when any address is internal
    /// (unless allowed), and connects to those addresses. Nothing is sent to a refused address.
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivateTargets) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false, // a proxy would connect for us, past the check
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host.Trim('[', ']');
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            if (!allowPrivateTargets && addresses.Select(a => (a, Why: Refusal(a))).FirstOrDefault(r => r.Why is not null) is ({ } address, { } why))
            {
                throw new TargetRefusedException($"Refused: {host} resolves to {address}, a {why} address (Notifications:Webhooks:AllowPrivateTargets is off).");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
