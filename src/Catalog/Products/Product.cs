using Bazaar.Catalog.Categories;

namespace Bazaar.Catalog.Products;

/// <summary>What a shopper sees of a product's stock; Inventory decides it, the catalog keeps a copy.</summary>
public enum StockStatus
{
    InStock,
    LowStock,
    OutOfStock,
}

/// <summary>The validated, normalized fields a vendor or an admin sets on a product.</summary>
public sealed record ProductFields(
    string Sku,
    string Name,
    string Description,
    Guid CategoryId,
    decimal Price,
    string Currency,
    List<string> Tags,
    List<string> Images,
    Dictionary<string, string> Attributes,
    string? TaxClass = null);

/// <summary>How a product is taxed; Ordering looks the rate up per destination and class (docs/architecture.md, Pricing).</summary>
public static class TaxClasses
{
    public const string Standard = "standard";
    public const string Reduced = "reduced";
    public const string Zero = "zero";

    public static readonly IReadOnlyList<string> All = [Standard, Reduced, Zero];
}

/// <summary>
/// A product for sale. Archiving hides it from shoppers but keeps the row, so past orders, stock
/// and reviews that name it stay meaningful. Stock status and rating are copies of what Inventory
/// and Reviews report, applied in the order those services observed them.
/// </summary>
public sealed class Product
{
    private Product()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Upper case; unique across all products, archived ones included.</summary>
    public string Sku { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Guid CategoryId { get; private set; }

    /// <summary>For queries only (its name); never loaded to change it.</summary>
    public Category Category { get; private set; } = null!;

    public decimal Price { get; private set; }

    public string Currency { get; private set; } = "USD";

    public List<string> Tags { get; private set; } = [];

    public List<string> Images { get; private set; } = [];

    public Dictionary<string, string> Attributes { get; private set; } = [];

    /// <summary>standard, reduced or zero (<see cref="TaxClasses"/>).</summary>
    public string TaxClass { get; private set; } = TaxClasses.Standard;

    /// <summary>The vendor who owns it; null for products the platform itself sells.</summary>
    public Guid? VendorId { get; private set; }

    public decimal RatingAverage { get; private set; }

    public int RatingCount { get; private set; }

    public DateTimeOffset? RatingChangedAt { get; private set; }

    public StockStatus StockStatus { get; private set; }

    /// <summary>Units Inventory last reported as available to sell; null until it reports.</summary>
    public int? Available { get; private set; }

    public DateTimeOffset? StockChangedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: changes with every write to the row, stock and rating included (the ETag).</summary>
    public uint Version { get; private set; }

    public static Product Create(ProductFields fields, Guid? vendorId, int initialStock, DateTimeOffset now)
    {
        var product = new Product
        {
            Id = Guid.CreateVersion7(now),
            VendorId = vendorId,
            CreatedAt = now,
            // Until Inventory reports, the stock the product was created with is the best guess.
            StockStatus = initialStock > 0 ? StockStatus.InStock : StockStatus.OutOfStock,
            Available = initialStock,
        };
        product.Apply(fields, now);
        return product;
    }

    public void Update(ProductFields fields, DateTimeOffset now) => Apply(fields, now);

    public void Archive(DateTimeOffset now)
    {
        ArchivedAt ??= now;
        UpdatedAt = now;
    }

    /// <summary>Whether updating with <paramref name="fields"/> would change nothing (a CSV import skips such rows).</summary>
    public bool Has(ProductFields fields) =>
        Sku == fields.Sku && Name == fields.Name && Description == fields.Description && CategoryId == fields.CategoryId
        && Price == fields.Price && Currency == fields.Currency && (fields.TaxClass ?? TaxClass) == TaxClass
        && Tags.SequenceEqual(fields.Tags, StringComparer.Ordinal) && Images.SequenceEqual(fields.Images, StringComparer.Ordinal)
        && Attributes.Count == fields.Attributes.Count
        && Attributes.All(a => fields.Attributes.TryGetValue(a.Key, out var value) && value == a.Value);

    public bool IsOwnedBy(Guid? userId) => userId is not null && VendorId == userId;

    private void Apply(ProductFields fields, DateTimeOffset now)
    {
        Sku = fields.Sku;
        Name = fields.Name;
        Description = fields.Description;
        CategoryId = fields.CategoryId;
        Price = fields.Price;
        Currency = fields.Currency;
        Tags = fields.Tags;
        Images = fields.Images;
        Attributes = fields.Attributes;
        // Left out of an update, the class stays what it was.
        TaxClass = fields.TaxClass ?? TaxClass;
        UpdatedAt = now;
    }

    public static string ToWire(StockStatus status) => status switch
    {
        StockStatus.InStock => "in_stock",
        StockStatus.LowStock => "low_stock",
        _ => "out_of_stock",
    };

    public static StockStatus? FromWire(string? value) => value switch
    {
        "in_stock" => StockStatus.InStock,
        "low_stock" => StockStatus.LowStock,
        "out_of_stock" => StockStatus.OutOfStock,
        _ => null,
    };
}
