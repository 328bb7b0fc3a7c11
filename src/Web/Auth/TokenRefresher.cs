using Bazaar.Web.Api;
using Microsoft.Extensions.Caching.Memory;

namespace Bazaar.Web.Auth;

/// <summary>
/// Refreshes token pairs once per refresh token. Identity rotates refresh tokens and revokes the
/// whole session when a used one is presented again, so concurrent requests (page, SignalR
/// negotiate, circuit) and a cookie that still holds an already-rotated token must all get the
/// same newer pair instead of refreshing again. Kept in memory: one web instance (see README).
/// </summary>
public sealed partial class TokenRefresher(IServiceProvider services, TokenStanding standing, ILogger<TokenRefresher> logger)
{
    private static readonly TimeSpan Remember = TimeSpan.FromHours(12);
    private readonly MemoryCache rotated = new(new MemoryCacheOptions());

    /// <summary>The access token is refreshed this long before it expires (or in the last quarter of a shorter life).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <summary>
    /// True when the token should be swapped now. A token that lives only a few minutes (a deployment's
    /// choice) is refreshed in its last quarter, not on every request, which would rotate the pair each time.
    /// </summary>
    public static bool IsNearExpiry(string accessToken)
    {
        var (issued, expires) = TokenCookie.Lifetime(accessToken);
        var lifetime = expires - issued;
        var margin = lifetime > TimeSpan.Zero && lifetime / 4 < Margin ? lifetime / 4 : Margin;
        return expires - DateTimeOffset.UtcNow < margin;
    }

    /// <summary>
    /// What to use instead of <paramref name="accessToken"/>: null while it is good (not near its
    /// expiry, not refused since it was issued); else the next pair, issued now when the token was
    /// refused (the user's roles changed, so a remembered rotation would say the old ones). The
    /// outcome is <c>Ended</c> when no pair follows (the session is over).
    /// </summary>
    public async Task<(TokenPair? Pair, bool Ended)> NextAsync(string accessToken, string refreshToken)
    {
        var refused = await standing.IsRefusedAsync(accessToken);
        if (!refused && !IsNearExpiry(accessToken))
        {
            return (null, false);
        }

        var pair = await (refused ? RenewAsync(refreshToken) : RefreshAsync(refreshToken));
        return (pair, pair is null);
    }

    /// <summary>
    /// A pair issued now, not one remembered from an earlier rotation: for when something the token
    /// carries (the name) has just changed.
    /// </summary>
    public async Task<TokenPair?> RenewAsync(string refreshToken) =>
        await RefreshAsync(refreshToken) is { } latest ? await RefreshAsync(latest.RefreshToken) : null;

    /// <summary>The newest pair that follows <paramref name="refreshToken"/>, or null when the session is over.</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken)
    {
        var pending = rotated.GetOrCreate(refreshToken, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Remember;
            return new Lazy<Task<TokenPair?>>(() => CallAsync(refreshToken));
        })!;
        var pair = await pending.Value;
        if (pair is null)
        {
            rotated.Remove(refreshToken);
            return null;
        }

        // A later refresh may already have rotated this pair again (e.g. a circuit refreshed it).
        while (rotated.TryGetValue(pair.RefreshToken, out Lazy<Task<TokenPair?>>? next) && next is not null && await next.Value is { } newer)
        {
            pair = newer;
        }

        return pair;
    }

    private async Task<TokenPair?> CallAsync(string refreshToken)
    {
        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuthApi>().RefreshAsync(refreshToken);
        if (!result.Ok)
        {
            LogRefreshFailed(logger, (int)result.Status);
        }

        return result.Value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh refused ({Status}); the user signs in again")]
    private static partial void LogRefreshFailed(ILogger logger, int status);
}
