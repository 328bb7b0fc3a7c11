using System.Security.Claims;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using StackExchange.Redis;

namespace Bazaar.Web.Auth;

/// <summary>
/// Whether an access token the web app holds has been refused since it was issued: its session
/// ended, or the user's roles changed. Read from the denylist every service checks, so the web app
/// follows a role change on the shopper's next request instead of when the token expires.
/// </summary>
public sealed partial class TokenStanding(SessionDenylist denylist, ILogger<TokenStanding> logger)
{
    public async Task<bool> IsRefusedAsync(string accessToken)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(new JsonWebToken(accessToken).Claims));
        try
        {
            return await denylist.IsRefusedAsync(principal);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The services refuse such tokens themselves while Redis is down; the pages show their errors.
            LogUnavailable(logger, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session denylist could not be read; the token's standing is not known")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
