namespace Bazaar.Reviews.Purchases;

/// <summary>A product that reached a user: their review of it is a verified purchase.</summary>
public sealed class DeliveredProduct
{
    private DeliveredProduct()
    {
    }

    public Guid UserId { get; private set; }

    public Guid ProductId { get; private set; }

    /// <summary>The first delivery of the product to the user.</summary>
    public DateTimeOffset DeliveredAt { get; private set; }

    public static DeliveredProduct Create(Guid userId, Guid productId, DateTimeOffset deliveredAt) =>
        new() { UserId = userId, ProductId = productId, DeliveredAt = deliveredAt };
}
