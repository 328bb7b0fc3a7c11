using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Payments.Webhooks;

/// <summary>
/// Stripe's webhook signature: header <c>Stripe-Signature: t=UNIX,v1=HEX[,v1=HEX...]</c>, where v1 is
/// HMAC-SHA256 with the endpoint secret over "{t}.{raw body}". Several v1 values appear while a
/// secret is being rolled; any one matching is enough. Old (or future) timestamps are replays.
/// </summary>
internal static class StripeSignature
{
    public const string HeaderName = "Stripe-Signature";

    /// <summary>Null when the body is signed by <paramref name="secret"/> within the tolerance; else why not.</summary>
    public static string? Check(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "No webhook signing secret is configured (Payments:Stripe:WebhookSecret).";
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return $"The {HeaderName} header is missing.";
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair is ["t", var t] && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                timestamp = seconds;
            }
            else if (pair is ["v1", var hex] && hex.Length == 64 && TryHex(hex, out var bytes))
            {
                signatures.Add(bytes);
            }
        }

        if (timestamp is not { } unix || signatures.Count == 0 || unix > 253402300799)
        {
            return $"The {HeaderName} header has no timestamp or no v1 signature.";
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > tolerance)
        {
            return "The signature's timestamp is outside the tolerance; the event may be replayed.";
        }

        var expected = Compute(unix, body, secret);
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected)) ? null : "No signature matches the body and the secret.";
    }

    /// <summary>The header Stripe would send for <paramref name="body"/> at <paramref name="unix"/> (for tests and tools).</summary>
    public static string Sign(string body, string secret, long unix) =>
        $"t={unix},v1={Convert.ToHexStringLower(Compute(unix, Encoding.UTF8.GetBytes(body), secret))}";

    private static byte[] Compute(long unix, ReadOnlySpan<byte> body, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes($"{unix.ToString(CultureInfo.InvariantCulture)}.");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload);
    }

    private static bool TryHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
