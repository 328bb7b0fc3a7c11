namespace Bazaar.Identity.Tokens;

/// <summary>An RSA key that signs access tokens, kept in the database so every start and every instance uses the same one.</summary>
public sealed class SigningKey
{
    private SigningKey()
    {
    }

    /// <summary>The RFC 7638 thumbprint of the public key, published as the JWKS <c>kid</c>.</summary>
    public string Kid { get; private set; } = "";

    public string PrivateKeyPem { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Active keys are published; the newest active one signs.</summary>
    public bool Active { get; private set; }

    public static SigningKey Create(string kid, string privateKeyPem, DateTimeOffset now) =>
        new() { Kid = kid, PrivateKeyPem = privateKeyPem, CreatedAt = now, Active = true };
}
