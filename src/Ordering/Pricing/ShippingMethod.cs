namespace Bazaar.Ordering.Pricing;

/// <summary>A way to ship an order: where it goes (every country with "*"), what it costs, and above which subtotal it is free.</summary>
public sealed class ShippingMethod
{
    public const string Everywhere = "*";

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Carrier { get; set; }

    /// <summary>"*" or upper-case ISO 3166-1 alpha-2 codes.</summary>
    public List<string> Countries { get; set; } = [];

    public decimal Price { get; set; }

    public decimal? FreeOver { get; set; }

    public int MinDays { get; set; }

    public int MaxDays { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool ShipsTo(string country) =>
        Countries.Contains(Everywhere) || Countries.Contains(country.Trim().ToUpperInvariant());

    /// <summary>The price for an order of <paramref name="subtotal"/> (before any discount): free from <see cref="FreeOver"/> up.</summary>
    public decimal PriceFor(decimal subtotal) => FreeOver is { } free && subtotal >= free ? 0m : Price;
}

/// <summary>A row of the tax table (replaced as a whole by PUT /api/tax/rates).</summary>
public sealed class TaxRate
{
    public Guid Id { get; set; }

    /// <summary>Upper-case ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "";

    /// <summary>Null: the whole country.</summary>
    public string? Region { get; set; }

    public string TaxClass { get; set; } = Pricing.StandardClass;

    /// <summary>A fraction from 0 to 1 (0.20 is 20 %).</summary>
    public decimal Rate { get; set; }

    public TaxRule ToRule() => new(Country, Region, TaxClass, Rate);
}

/// <summary>Field limits of the pricing tables.</summary>
public static class PricingLimits
{
    public const int MaxNameLength = 200;
    public const int MaxCodeLength = 64;
}
