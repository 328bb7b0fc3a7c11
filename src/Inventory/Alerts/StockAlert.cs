namespace Bazaar.Inventory.Alerts;

/// <summary>
/// A shopper's wish to hear once when a product is back in stock. It lives until it fires: the
/// stock change that makes the product available again deletes it in its own transaction.
/// </summary>
public sealed class StockAlert
{
    private StockAlert()
    {
    }

    public Guid Id { get; private init; }

    public Guid UserId { get; private init; }

    public Guid ProductId { get; private init; }

    /// <summary>Null for a product without variants (all of them, until variants exist).</summary>
    public Guid? VariantId { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    public static StockAlert Create(Guid userId, Guid productId, Guid? variantId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(), UserId = userId, ProductId = productId, VariantId = variantId, CreatedAt = now };
}
