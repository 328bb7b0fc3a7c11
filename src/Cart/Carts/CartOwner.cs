using Bazaar.ServiceDefaults.Auth;

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
    public Guid KeyOwner => UserId ?? OpaqueTokens.StableId("guest-cart:" + Id);

    public static CartOwner User(Guid userId) => new(userId.ToString("N"), userId);

    /// <summary>The guest cart of <paramref name="cartToken"/>, which must be well formed (<see cref="GuestCartToken.IsWellFormed"/>).</summary>
    public static CartOwner Guest(string cartToken) => new("g-" + GuestCartToken.Hash(cartToken), null);
}

/// <summary>
/// A guest's cart token (<see cref="OpaqueTokens"/>): carts are kept under its SHA-256, so Redis
/// holds nothing that opens a cart; a token is known while its cart lives, and one Cart never
/// issued is refused, so a client cannot pick its own.
/// </summary>
public static class GuestCartToken
{
    public const string Header = "Cart-Token";

    public static string New() => OpaqueTokens.New();

    public static bool IsWellFormed(string? token) => OpaqueTokens.IsWellFormed(token);

    public static string Hash(string token) => OpaqueTokens.HashHex(token);
}
