using System.Globalization;
using System.Security.Claims;
using StackExchange.Redis;

namespace Bazaar.ServiceDefaults.Auth;

/// <summary>
/// Access tokens that must stop working before they expire: those of an ended session (logout,
/// a revoked refresh token), and those of a user issued before the user's access stamp rose (their
/// roles changed, so what the token says of them is no longer true). Identity writes here; every
/// service (and the web app) reads both in one round trip while validating a token, so such a
/// token is refused everywhere on its next request. Entries live as long as a token could.
/// </summary>
public sealed class SessionDenylist(IConnectionMultiplexer redis)
{
    // Raises the stored stamp, never lowers it: two changes saved in one order may reach Redis in the other.
    private const string RaiseScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
        if current < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private static RedisKey Key(string sessionId) => $"auth:revoked-session:{sessionId}";

    private static RedisKey StampKey(string userId) => $"auth:user-access-stamp:{userId}";

    public Task RevokeAsync(string sessionId, TimeSpan keepFor) =>
        redis.GetDatabase().StringSetAsync(Key(sessionId), "1", keepFor);

    public Task<bool> IsRevokedAsync(string sessionId) =>
        redis.GetDatabase().KeyExistsAsync(Key(sessionId));

    /// <summary>From now on the user's tokens with a lower <paramref name="stamp"/> are refused.</summary>
    public Task RaiseAccessStampAsync(string userId, long stamp, TimeSpan keepFor) =>
        redis.GetDatabase().ScriptEvaluateAsync(
            RaiseScript,
            [StampKey(userId)],
            [stamp, (long)keepFor.TotalMilliseconds]);

    /// <summary>
    /// True when a person's token must be refused: its session ended, or it carries an access stamp
    /// older than the user's. Throws when Redis cannot be asked (callers refuse rather than guess).
    /// </summary>
    public async Task<bool> IsRefusedAsync(string sessionId, string? userId, long stamp)
    {
        if (userId is null)
        {
            return await IsRevokedAsync(sessionId);
        }

        var values = await redis.GetDatabase().StringGetAsync([Key(sessionId), StampKey(userId)]);
        return values[0].HasValue || (values[1].HasValue && (long)values[1] > stamp);
    }

    /// <summary>The same for a validated principal; false for a token without a session (a service client's).</summary>
    public Task<bool> IsRefusedAsync(ClaimsPrincipal principal) =>
        principal.FindFirst(BazaarClaims.Session)?.Value is { } sessionId
            ? IsRefusedAsync(sessionId, principal.FindFirst(BazaarClaims.Subject)?.Value, AccessStampOf(principal))
            : Task.FromResult(false);

    /// <summary>The access stamp a token carries; tokens made before stamps existed count as 0.</summary>
    public static long AccessStampOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(BazaarClaims.AccessStamp)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp) ? stamp : 0;
}
