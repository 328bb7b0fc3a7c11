using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>
/// Keys in Redis, for a service without a database (Cart). A claim is one script: the first to
/// set the key owns it for the lease; its answer then stays for the retention. Only the claim's
/// own holder may complete or release it, so a claim that outlived its lease and was taken over
/// is left to its new owner.
/// </summary>
public sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, IOptions<IdempotencyOptions> options) : IIdempotencyStore
{
    private const string ClaimScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """;

    private const string SwapScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private sealed record Entry(string Hash, string Claim, StoredResponse? Response);

    private sealed record Held(RedisKey Key, string Running);

    public bool SavesWithWork => false;

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var redisKey = Key(userId, key);
        var running = JsonSerializer.Serialize(new Entry(requestHash, Guid.NewGuid().ToString("N"), null));
        var existing = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [redisKey], [running, (long)options.Value.Lease.TotalMilliseconds]);
        if (existing.IsNull)
        {
            return new IdempotencyClaim(ClaimOutcome.Claimed) { Holder = new Held(redisKey, running) };
        }

        var entry = JsonSerializer.Deserialize<Entry>((string)existing!)!;
        return entry switch
        {
            _ when entry.Hash != requestHash => new IdempotencyClaim(ClaimOutcome.Mismatch),
            { Response: { } response } => new IdempotencyClaim(ClaimOutcome.Replay, response),
            _ => new IdempotencyClaim(ClaimOutcome.InProgress),
        };
    }

    /// <summary>Redis is not the service's unit of work: the answer is written by <see cref="CompleteAsync"/>.</summary>
    public void Stage(IdempotencyClaim claim, StoredResponse response)
    {
    }

    public Task CompleteAsync(IdempotencyClaim claim, StoredResponse response)
    {
        var held = Of(claim);
        var entry = JsonSerializer.Deserialize<Entry>(held.Running)! with { Response = response };
        return redis.GetDatabase().ScriptEvaluateAsync(
            SwapScript, [held.Key], [held.Running, JsonSerializer.Serialize(entry), (long)options.Value.Retention.TotalMilliseconds]);
    }

    public Task ReleaseAsync(IdempotencyClaim claim)
    {
        var held = Of(claim);
        return redis.GetDatabase().ScriptEvaluateAsync(SwapScript, [held.Key], [held.Running, string.Empty, 0]);
    }

    /// <summary>The client's key is hashed, so any characters and lengths are safe; the user id is the hash tag.</summary>
    private static RedisKey Key(Guid userId, string key) =>
        $"idempotency:{{{userId:N}}}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";

    private static Held Of(IdempotencyClaim claim) =>
        claim.Holder as Held ?? throw new InvalidOperationException("Only a claim this store made can be completed or released.");
}
