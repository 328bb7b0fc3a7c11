using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bazaar.ServiceDefaults.Auth;

/// <summary>
/// The platform's bearer secrets that are not JWTs (refresh, reset and verification tokens, guest
/// cart and order tokens), made and checked one way: 32 random bytes (256 bits) in base64url, 43
/// characters; stored only as their SHA-256, so a copy of the database opens nothing; compared by
/// hash, in constant time where the comparison is in memory.
/// </summary>
public static class OpaqueTokens
{
    private const int Bytes = 32;

    private static readonly int Length = Base64Url.GetEncodedLength(Bytes);

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>True for what <see cref="New"/> makes: 43 base64url characters of 32 bytes.</summary>
    public static bool IsWellFormed(string? token) =>
        token is not null && token.Length == Length && Base64Url.IsValid(token, out var decoded) && decoded == Bytes;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The hash as lower-case hex, for a text column or a Redis key.</summary>
    public static string HashHex(string token) => Convert.ToHexStringLower(Hash(token));

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="storedHex"/> (a <see cref="HashHex"/>), compared in constant time.</summary>
    public static bool Matches(string? token, string? storedHex) =>
        token is { Length: > 0 and <= 200 } && storedHex is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashHex(token)), Encoding.ASCII.GetBytes(storedHex));

    /// <summary>A Guid that stands for <paramref name="name"/> (the first 16 bytes of its SHA-256): the same name, the same id, on every instance.</summary>
    public static Guid StableId(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
