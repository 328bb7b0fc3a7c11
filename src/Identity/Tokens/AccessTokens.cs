using System.Security.Claims;
using Bazaar.Identity.Users;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Tokens;

/// <summary>Issues and checks this service's RS256 access tokens.</summary>
public sealed class AccessTokens(
    SigningKeyStore keys,
    IOptions<AuthOptions> auth,
    IOptions<IdentityServiceOptions> options,
    TimeProvider clock)
{
    /// <summary>The same tolerance JwtBearer allows every service.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    public int LifetimeSeconds => (int)Lifetime.TotalSeconds;

    public string ForUser(User user, Guid sessionId) => Create(new Dictionary<string, object>
    {
        [BazaarClaims.Subject] = user.Id.ToString(),
        [BazaarClaims.Email] = user.Email,
        ["email_verified"] = user.EmailVerified,
        ["name"] = user.Name,
        [BazaarClaims.Roles] = user.Roles.ToArray(),
        [BazaarClaims.Session] = sessionId.ToString(),
        [BazaarClaims.AccessStamp] = user.AccessStamp,
        [BazaarClaims.TokenId] = Guid.CreateVersion7().ToString(),
    });

    public string ForClient(string clientId, IReadOnlyList<string> roles) => Create(new Dictionary<string, object>
    {
        [BazaarClaims.Subject] = clientId,
        [BazaarClaims.ClientId] = clientId,
        ["name"] = clientId,
        [BazaarClaims.Roles] = roles.ToArray(),
        [BazaarClaims.TokenId] = Guid.CreateVersion7().ToString(),
    });

    /// <summary>The token's claims when its signature, issuer, audience and lifetime check out; otherwise null.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = auth.Value.Issuer,
            ValidAudience = auth.Value.Audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeys = keys.PublicKeys,
            ClockSkew = ClockSkew,
            NameClaimType = BazaarClaims.Subject,
            RoleClaimType = BazaarClaims.Roles,
        });
        return result.IsValid ? result.ClaimsIdentity : null;
    }

    private string Create(Dictionary<string, object> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Value.Issuer,
            Audience = auth.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = keys.SigningCredentials,
        });
    }
}
