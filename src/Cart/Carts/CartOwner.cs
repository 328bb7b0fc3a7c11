using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Whose cart a request is about: a signed-in user's, or a guest's, named by the hash of its cart
/// token (the token itself is never stored). <see cref="Id"/> is the cart's Redis hash tag.
/// </summary>
public readonly record struct CartOwner
{
    private CartOwner(string id, Guid? userId)
    {
        Id = id;
        UserId = userId;
    }

    public string Id { get; }

    /// <summary>The user whose cart it is; null for a guest's.</summary>
    public Guid? UserId { get; }

    public bool IsGuest => UserId is null;

    /// <summary>Whose Idempotency-Keys these are: the user's id, or one derived from the guest cart.</summary>
    public Guid KeyOwner => UserId ?? new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("guest-cart:" + Id)).AsSpan(0, 16));

    public static CartOwner User(Guid userId) => new(userId.ToString("N"), userId);

    /// <summary>The guest cart of <paramref name="cartToken"/>, which must be well formed (<see cref="GuestCartToken.IsWellFormed"/>).</summary>
    public static CartOwner Guest(string cartToken) => new("g-" + GuestCartToken.Hash(cartToken), null);
}

/// <summary>
/// A guest's cart token: 32 random bytes (256 bits) in base64url, 43 characters. Carts are kept
/// under its SHA-256, so Redis holds nothing that opens a cart; a token is known while its cart
/// lives, and one Cart never issued is refused, so a client cannot pick its own.
/// </summary>
public static class GuestCartToken
{
    public const string Header = "Cart-Token";

    private const int Bytes = 32;

    private static readonly int Length = Base64Url.GetEncodedLength(Bytes);

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static bool IsWellFormed(string? token) =>
        token is not null && token.Length == Length && Base64Url.IsValid(token, out var decoded) && decoded == Bytes;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
