using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Tokens;

/// <summary>Random opaque tokens (refresh tokens): 32 bytes, base64url; stored only as a SHA-256 hash.</summary>
public static class OpaqueTokens
{
    public static string NewToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
