using System.Security.Claims;
using System.Security.Cryptography;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.TestSupport;

/// <summary>
/// Access tokens for testing a service without running Identity: signed RS256 with a key of the
/// test's own, shaped like Identity's (sub, email, roles, sid, jti, aud, iss). The service under
/// test trusts that key once <see cref="TrustIn"/> replaced its JWKS source. Everything else
/// (issuer, audience, lifetime, the Redis denylist) is checked as in production.
/// </summary>
public sealed class TestTokens
{
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = $"test-{Guid.NewGuid():N}" };

    public string Issuer { get; init; } = new AuthOptions().Issuer;

    public string Audience { get; init; } = new AuthOptions().Audience;

    /// <summary>Makes the service (in a WebApplicationFactory's ConfigureTestServices) accept this instance's tokens.</summary>
    public void TrustIn(IServiceCollection services)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(key);
        services.RemoveAll<IConfigurationManager<OpenIdConnectConfiguration>>();
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
    }

    /// <summary>A token for a user with <paramref name="roles"/> (customer when none are given).</summary>
    public string For(Guid userId, params string[] roles) => Issue(userId.ToString(), $"{userId:N}@example.com", roles.Length == 0 ? [Roles.Customer] : roles, Guid.NewGuid().ToString());

    public string ForCustomer(out Guid userId) => For(userId = Guid.CreateVersion7());

    public string ForAdmin(out Guid userId) => For(userId = Guid.CreateVersion7(), Roles.Admin, Roles.Customer);

    public string ForVendor(out Guid userId) => For(userId = Guid.CreateVersion7(), Roles.Vendor, Roles.Customer);

    /// <summary>A client_credentials-style token for internal routes.</summary>
    public string ForService(string clientId) => Issue(clientId, null, [Roles.Service], sessionId: null);

    private string Issue(string subject, string? email, IReadOnlyList<string> roles, string? sessionId)
    {
        var claims = new List<Claim>
        {
            new(BazaarClaims.Subject, subject),
            new(BazaarClaims.TokenId, Guid.NewGuid().ToString()),
        };
        if (email is not null)
        {
            claims.Add(new Claim(BazaarClaims.Email, email));
        }

        if (sessionId is not null)
        {
            claims.Add(new Claim(BazaarClaims.Session, sessionId));
        }

        claims.AddRange(roles.Select(r => new Claim(BazaarClaims.Roles, r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
