using StackExchange.Redis;

namespace Bazaar.ServiceDefaults.Auth;

/// <summary>
/// Sessions ended before their access tokens expire. Identity writes here on logout; every
/// service reads it while validating a token, so a revoked token is refused everywhere at once.
/// </summary>
public sealed class SessionDenylist(IConnectionMultiplexer redis)
{
    private static RedisKey Key(string sessionId) => $"auth:revoked-session:{sessionId}";

    public Task RevokeAsync(string sessionId, TimeSpan keepFor) =>
        redis.GetDatabase().StringSetAsync(Key(sessionId), "1", keepFor);

    public Task<bool> IsRevokedAsync(string sessionId) =>
        redis.GetDatabase().KeyExistsAsync(Key(sessionId));
}
