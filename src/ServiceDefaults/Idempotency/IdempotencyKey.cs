using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>
/// The contract's Idempotency-Key, as Stripe has it: the same key and request from the same user
/// within the retention answers the first response again and does nothing; the same key with
/// another request is 422; while the first request runs, 409.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on a replayed response, so a client can tell it did nothing this time.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 255;

    private static readonly JsonSerializerOptions HashOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Null when the key is usable, else why not (for a 400).</summary>
    public static string? Check(string key) =>
        string.IsNullOrWhiteSpace(key) || key.Length > MaxLength || key.Any(char.IsControl)
            ? $"{Header} must be one value of 1 to {MaxLength} printable characters."
            : null;

    /// <summary>
    /// What "the same request" means: the route's scope, its route values and the body as bound
    /// (SHA-256, hex). The same JSON however spaced, or with fields the route ignores, is the same request.
    /// </summary>
    public static string Hash(string scope, IEnumerable<KeyValuePair<string, object?>> routeValues, object? body)
    {
        var route = string.Join('&', routeValues.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
        var json = body is null ? string.Empty : JsonSerializer.Serialize(body, body.GetType(), HashOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{route}\n{json}")));
    }
}
