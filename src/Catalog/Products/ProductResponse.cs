using System.Linq.Expressions;
using System.Text.Json.Serialization;

namespace Bazaar.Catalog.Products;

public sealed record RatingResponse(decimal Average, int Count);

/// <summary>A product as the contract shows it, in lists and alone. Its row version is not shown: it becomes the ETag.</summary>
public sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string Description,
    Guid CategoryId,
    string CategoryName,
    decimal Price,
    string Currency,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> Attributes,
    Guid? VendorId,
    RatingResponse Rating,
    StockStatus StockStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string TaxClass,
    [property: JsonIgnore] uint Version)
{
    /// <summary>The projection queries use, so that a list reads only the columns it shows (and joins the category name).</summary>
    public static readonly Expression<Func<Product, ProductResponse>> FromProduct = p => new ProductResponse(
        p.Id,
        p.Sku,
        p.Name,
        p.Description,
        p.CategoryId,
        p.Category.Name,
        p.Price,
        p.Currency,
        p.Tags,
        p.Images,
        p.Attributes,
        p.VendorId,
        new RatingResponse(p.RatingAverage, p.RatingCount),
        p.StockStatus,
        p.CreatedAt,
        p.UpdatedAt,
        p.TaxClass,
        p.Version);

    /// <summary>For a product just saved, whose category name the caller knows.</summary>
    public static ProductResponse From(Product p, string categoryName) => new(
        p.Id, p.Sku, p.Name, p.Description, p.CategoryId, categoryName, p.Price, p.Currency, p.Tags, p.Images, p.Attributes,
        p.VendorId, new RatingResponse(p.RatingAverage, p.RatingCount), p.StockStatus, p.CreatedAt, p.UpdatedAt, p.TaxClass, p.Version);
}
