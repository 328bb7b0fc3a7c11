using System.Security.Cryptography;
using System.Text;
using Bazaar.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Tokens;

/// <summary>
/// The RSA keys of this issuer, loaded once at start from PostgreSQL (created there on the very
/// first start), so tokens survive restarts and every instance signs and publishes the same keys.
/// </summary>
public sealed partial class SigningKeyStore(TimeProvider clock, ILogger<SigningKeyStore> logger)
{
    private const int KeySizeInBits = 2048;
    private Loaded? loaded;

    public SigningCredentials SigningCredentials => Current.Credentials;

    /// <summary>Every active key, public part only: what JWKS publishes and what tokens are checked against.</summary>
    public IReadOnlyList<RsaSecurityKey> PublicKeys => Current.PublicKeys;

    private Loaded Current => loaded ?? throw new InvalidOperationException("The signing keys are not loaded yet.");

    /// <summary>Loads the active keys, creating the first one when there is none. Run under the start-up lock.</summary>
    public async Task LoadAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        var keys = await db.SigningKeys.AsNoTracking()
            .Where(k => k.Active)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            using var rsa = RSA.Create(KeySizeInBits);
            var key = SigningKey.Create(Thumbprint(rsa.ExportParameters(false)), rsa.ExportPkcs8PrivateKeyPem(), clock.GetUtcNow());
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            LogKeyCreated(logger, key.Kid);
            keys.Add(key);
        }

        var privateKeys = keys.Select(k =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(k.PrivateKeyPem);
            return new RsaSecurityKey(rsa) { KeyId = k.Kid };
        }).ToList();
        var publicKeys = privateKeys
            .Select(k => new RsaSecurityKey(k.Rsa.ExportParameters(false)) { KeyId = k.KeyId })
            .ToList();
        loaded = new Loaded(new SigningCredentials(privateKeys[0], SecurityAlgorithms.RsaSha256), publicKeys);
        LogKeysLoaded(logger, publicKeys.Count, privateKeys[0].KeyId);
    }

    /// <summary>RFC 7638 JWK thumbprint: SHA-256 over the required members in lexical order.</summary>
    private static string Thumbprint(RSAParameters parameters)
    {
        var canonical = $$"""{"e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}","kty":"RSA","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private sealed record Loaded(SigningCredentials Credentials, IReadOnlyList<RsaSecurityKey> PublicKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created signing key {Kid}")]
    private static partial void LogKeyCreated(ILogger logger, string kid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} signing key(s); signing with {Kid}")]
    private static partial void LogKeysLoaded(ILogger logger, int count, string kid);
}
