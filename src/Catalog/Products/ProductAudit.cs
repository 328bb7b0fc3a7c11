namespace Bazaar.Catalog.Products;

/// <summary>What the audit log keeps of a product: the fields an admin or its vendor sets.</summary>
internal static class ProductAudit
{
    public const string Entity = "product";

    /// <summary>A copy, taken before the product changes (its lists are copied, not shared).</summary>
    public static ProductFields Of(Product product) => new(
        product.Sku,
        product.Name,
        product.Description,
        product.CategoryId,
        product.Price,
        product.Currency,
        [.. product.Tags],
        [.. product.Images],
        new Dictionary<string, string>(product.Attributes, StringComparer.Ordinal),
        product.TaxClass);
}
