using Bazaar.Identity.Sessions;

namespace Bazaar.Identity.Auth;

/// <summary>What login and refresh answer: <c>{accessToken, tokenType, expiresIn, refreshToken}</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken)
{
    public static TokenResponse From(TokenPair pair) =>
        new(pair.AccessToken, "Bearer", pair.ExpiresIn, pair.RefreshToken ?? "");
}
