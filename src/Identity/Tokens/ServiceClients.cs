using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Tokens;

/// <summary>The configured confidential clients (client_credentials), their secrets compared in constant time.</summary>
public sealed class ServiceClients(IOptionsMonitor<IdentityServiceOptions> options)
{
    private static readonly byte[] NoSecret = SHA256.HashData("no such client"u8);

    /// <summary>The client when the id is known and the secret is its own; otherwise null.</summary>
    public ServiceClientOptions? Authenticate(string clientId, string clientSecret)
    {
        var client = options.CurrentValue.Clients.Find(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

        // Hashing both sides gives equal lengths, and an unknown id costs the same comparison.
        var expected = client is null ? NoSecret : SHA256.HashData(Encoding.UTF8.GetBytes(client.ClientSecret));
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(clientSecret));
        return CryptographicOperations.FixedTimeEquals(expected, presented) && client is not null ? client : null;
    }

    /// <summary>
    /// Client credentials from HTTP Basic (RFC 6749 2.3.1, form-urlencoded id and secret) or from the
    /// form body. Basic is null when the header is absent; malformed when it cannot be read.
    /// </summary>
    public static PresentedClient Read(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var parsed)
            && string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter ?? ""));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0
                    ? new PresentedClient(null, null, UsedBasic: true, Malformed: true)
                    : new PresentedClient(WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]), UsedBasic: true, Malformed: false);
            }
            catch (FormatException)
            {
                return new PresentedClient(null, null, UsedBasic: true, Malformed: true);
            }
        }

        return new PresentedClient(Value(form, "client_id"), Value(form, "client_secret"), UsedBasic: false, Malformed: false);
    }

    private static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}

public sealed record PresentedClient(string? ClientId, string? ClientSecret, bool UsedBasic, bool Malformed);
