namespace Bazaar.Web.Api;

// Checkout pricing as staff manage it (api-contract.md, "Checkout: quote, shipping, tax, coupons, guests").

/// <summary>A shipping method as the admin list shows it; countries ["*"] ships everywhere.</summary>
public sealed record ShippingMethodEntry(
    Guid Id, string Name, string? Carrier, List<string> Countries, decimal Price, decimal? FreeOver, ShippingMethodEntry.Days EstimatedDays)
{
    public sealed record Days(int Min, int Max);
}

/// <summary>One row of the tax table; the rate is a fraction (0.2 for 20 %).</summary>
public sealed record TaxRateEntry(string Country, string? Region, string TaxClass, decimal Rate);

/// <summary>A coupon code with how many orders hold a use of it.</summary>
public sealed record PromotionEntry(
    Guid Id, string Code, string Kind, decimal Value, decimal? MinSubtotal, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    int? UsageLimit, int? PerCustomerLimit, List<Guid> ProductIds, List<Guid> CategoryIds, int TimesUsed);

/// <summary>Only the product's tax class, which the shop's product record does not carry.</summary>
public sealed record ProductTaxClass(Guid Id, string TaxClass);

/// <summary>The tax classes products and rates are in (api-contract.md).</summary>
public static class TaxClasses
{
    public const string Standard = "standard";

    public static readonly IReadOnlyList<string> All = [Standard, "reduced", "zero"];
}

/// <summary>The kinds of promotion and how the admin pages word them.</summary>
public static class PromotionKinds
{
    public const string Percent = "percent";
    public const string Fixed = "fixed";
    public const string FreeShipping = "free_shipping";

    public static readonly IReadOnlyList<string> All = [Percent, Fixed, FreeShipping];

    public static string Describe(string kind, decimal value) => kind switch
    {
        Percent => $"{value:0.##} % off",
        Fixed => $"{value:0.00} USD off",
        FreeShipping => "Free shipping",
        _ => kind,
    };
}

/// <summary>The shipping method form; countries typed comma-separated, "*" for everywhere.</summary>
public sealed class ShippingMethodForm
{
    public string Name { get; set; } = "";
    public string Carrier { get; set; } = "";
    public string Countries { get; set; } = "*";
    public decimal Price { get; set; }
    public decimal? FreeOver { get; set; }
    public int MinDays { get; set; } = 2;
    public int MaxDays { get; set; } = 5;

    public static ShippingMethodForm From(ShippingMethodEntry m) => new()
    {
        Name = m.Name,
        Carrier = m.Carrier ?? "",
        Countries = string.Join(", ", m.Countries),
        Price = m.Price,
        FreeOver = m.FreeOver,
        MinDays = m.EstimatedDays.Min,
        MaxDays = m.EstimatedDays.Max,
    };

    public object Body() => new
    {
        name = Name,
        carrier = string.IsNullOrWhiteSpace(Carrier) ? null : Carrier.Trim(),
        countries = Countries.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        price = Price,
        freeOver = FreeOver,
        estimatedDays = new { min = MinDays, max = MaxDays },
    };
}

/// <summary>A row of the tax table being edited; the rate is typed as a percentage.</summary>
public sealed class TaxRateForm
{
    public string Country { get; set; } = "";
    public string Region { get; set; } = "";
    public string TaxClass { get; set; } = TaxClasses.Standard;
    public decimal Percent { get; set; }

    public static TaxRateForm From(TaxRateEntry rate) => new()
    {
        Country = rate.Country,
        Region = rate.Region ?? "",
        TaxClass = rate.TaxClass,
        Percent = rate.Rate * 100m,
    };

    public object Body() => new
    {
        country = Country,
        region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(),
        taxClass = TaxClass,
        rate = Percent / 100m,
    };
}

/// <summary>The promotion form. The window is in whole UTC days: from the start of the first to the end of the last.</summary>
public sealed class PromotionForm
{
    public string Code { get; set; } = "";
    public string Kind { get; set; } = PromotionKinds.Percent;
    public decimal Value { get; set; }
    public decimal? MinSubtotal { get; set; }
    public DateTime? StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }
    public int? UsageLimit { get; set; }
    public int? PerCustomerLimit { get; set; }

    /// <summary>Not edited here; an edit sends the current ones back, since the PUT replaces every field.</summary>
    public List<Guid> ProductIds { get; set; } = [];

    public List<Guid> CategoryIds { get; set; } = [];

    public static PromotionForm From(PromotionEntry p) => new()
    {
        Code = p.Code,
        Kind = p.Kind,
        Value = p.Value,
        MinSubtotal = p.MinSubtotal,
        StartsOn = p.StartsAt?.UtcDateTime.Date,
        EndsOn = p.EndsAt is { } ends ? ends.UtcDateTime.AddTicks(-1).Date : null,
        UsageLimit = p.UsageLimit,
        PerCustomerLimit = p.PerCustomerLimit,
        ProductIds = p.ProductIds,
        CategoryIds = p.CategoryIds,
    };

    public object Body() => new
    {
        code = Code.Trim(),
        kind = Kind,
        value = Kind == PromotionKinds.FreeShipping ? 0m : Value,
        minSubtotal = MinSubtotal,
        startsAt = StartsOn is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s.Date, DateTimeKind.Utc)) : (DateTimeOffset?)null,
        endsAt = EndsOn is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e.Date.AddDays(1), DateTimeKind.Utc)) : (DateTimeOffset?)null,
        usageLimit = UsageLimit,
        perCustomerLimit = PerCustomerLimit,
        productIds = ProductIds,
        categoryIds = CategoryIds,
    };
}
