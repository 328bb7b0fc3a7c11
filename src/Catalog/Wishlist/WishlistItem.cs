namespace Bazaar.Catalog.Wishlist;

/// <summary>A product a signed-in person wants to remember. One row per person and product.</summary>
public sealed class WishlistItem
{
    /// <summary>How many products one wishlist holds (the contract's limit).</summary>
    public const int MaxItems = 200;

    public Guid UserId { get; init; }

    public Guid ProductId { get; init; }

    public DateTimeOffset AddedAt { get; init; }
}
