using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Bazaar.Cart.Checkout;

/// <summary>The answer of a checkout, as given and as replayed.</summary>
public sealed record CheckoutResponse(Guid OrderId, string Status);

public enum ClaimOutcome
{
    /// <summary>This request runs the checkout; complete or release the claim afterwards.</summary>
    Claimed,
    Running,
    OtherBody,
    Completed,
}

public sealed record Claim(ClaimOutcome Outcome, string Token, CheckoutResponse? Response = null);

/// <summary>
/// Idempotency-Key records of checkouts, per user, in Redis (Cart has no database): the same key
/// and body replays the first 202 for 24 h, another body is 422, a running one is 409. Only
/// successes are kept; a refused or failed checkout releases its key so a retry runs again.
/// </summary>
public sealed class CheckoutKeys(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromHours(24);

    /// <summary>Longer than a checkout can take; a claim left by a crashed instance frees itself.</summary>
    private static readonly TimeSpan RunningFor = TimeSpan.FromMinutes(2);

    private const string ClaimScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """;

    // Only the claim's own holder may release or complete it.
    private const string SwapScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private sealed record Entry(string Hash, string Claim, CheckoutResponse? Response);

    public async Task<Claim> ClaimAsync(Guid userId, string key, string requestHash)
    {
        var running = JsonSerializer.Serialize(new Entry(requestHash, Guid.NewGuid().ToString("N"), null));
        var existing = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [Key(userId, key)], [running, (long)RunningFor.TotalMilliseconds]);
        if (existing.IsNull)
        {
            return new Claim(ClaimOutcome.Claimed, running);
        }

        var entry = JsonSerializer.Deserialize<Entry>((string)existing!)!;
        return entry switch
        {
            _ when entry.Hash != requestHash => new Claim(ClaimOutcome.OtherBody, string.Empty),
            { Response: { } response } => new Claim(ClaimOutcome.Completed, string.Empty, response),
            _ => new Claim(ClaimOutcome.Running, string.Empty),
        };
    }

    public Task CompleteAsync(Guid userId, string key, Claim claim, CheckoutResponse response)
    {
        var entry = JsonSerializer.Deserialize<Entry>(claim.Token)! with { Response = response };
        return redis.GetDatabase().ScriptEvaluateAsync(SwapScript, [Key(userId, key)],
            [claim.Token, JsonSerializer.Serialize(entry), (long)Remembered.TotalMilliseconds]);
    }

    public Task ReleaseAsync(Guid userId, string key, Claim claim) =>
        redis.GetDatabase().ScriptEvaluateAsync(SwapScript, [Key(userId, key)], [claim.Token, string.Empty, 0]);

    /// <summary>Beside the user's cart (same hash tag); the client's key is hashed, so any characters and lengths are safe.</summary>
    private static RedisKey Key(Guid userId, string key) =>
        $"cart:{{{userId:N}}}:checkout:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
}
