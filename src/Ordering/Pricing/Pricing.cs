namespace Bazaar.Ordering.Pricing;

/// <summary>A line to price: the catalog's unit price, tax class and category.</summary>
public sealed record PriceLine(Guid ProductId, int Quantity, decimal UnitPrice, string TaxClass, Guid? CategoryId)
{
    public decimal Amount => Quantity * UnitPrice;
}

/// <summary>What a coupon takes off, and from which lines (none named: every line).</summary>
public sealed record CouponTerms(string Code, PromotionKind Kind, decimal Value, IReadOnlyCollection<Guid> ProductIds, IReadOnlyCollection<Guid> CategoryIds)
{
    public bool AppliesTo(PriceLine line) =>
        (ProductIds.Count == 0 && CategoryIds.Count == 0)
        || ProductIds.Contains(line.ProductId)
        || (line.CategoryId is { } category && CategoryIds.Contains(category));
}

/// <summary>One row of the tax table: a rate (a fraction, 0.20) per destination and tax class; no region means the whole country.</summary>
public sealed record TaxRule(string Country, string? Region, string TaxClass, decimal Rate);

/// <summary>Where the order goes, as far as tax is concerned.</summary>
public sealed record Destination(string Country, string? Region);

public sealed record PricedLine(Guid ProductId, int Quantity, decimal UnitPrice, decimal Amount, decimal Discount, decimal TaxRate, decimal Tax)
{
    /// <summary>What the line costs in all: its amount less its discount plus its tax.</summary>
    public decimal LineTotal => Amount - Discount + Tax;
}

/// <param name="CouponSaving">What the coupon saved: its line discounts, or for free shipping the shipping price waived.</param>
public sealed record PriceBreakdown(
    IReadOnlyList<PricedLine> Lines, decimal Subtotal, decimal DiscountTotal, decimal ShippingPrice, decimal ShippingTax, decimal TaxTotal, decimal TotalPrice, decimal CouponSaving);

/// <summary>
/// The one price calculation, used by the quote and by placement alike, so an order gets exactly
/// what it was quoted. Pure: no clock, no database. Money is decimal and every rounding is to the
/// cent, half away from zero:
/// <list type="bullet">
/// <item>percent: the eligible lines' amount × value / 100, rounded; fixed: the value, at most the eligible amount; free_shipping: shipping becomes 0, no line discount;</item>
/// <item>the discount is spread over the eligible lines in proportion to their amounts, each share rounded, and the cents left over (or gone over) go to the largest line (the next largest once one is full), so the shares add up exactly;</item>
/// <item>tax per line on its amount less its discount, at the rate for (country, region if the table has a rate for that region else country-wide, tax class), rounded per line; shipping taxed at the destination's standard rate; no matching rate: 0;</item>
/// <item>total = subtotal − discount + shipping + tax.</item>
/// </list>
/// </summary>
public static class Pricing
{
    public const string StandardClass = "standard";

    public static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static PriceBreakdown Price(
        IReadOnlyList<PriceLine> lines, CouponTerms? coupon, decimal shippingPrice, Destination? destination, IReadOnlyList<TaxRule> rates)
    {
        var subtotal = lines.Sum(l => l.Amount);
        var eligible = coupon is null ? [] : lines.Select((line, index) => (line, index)).Where(x => coupon.AppliesTo(x.line)).ToList();
        var eligibleAmount = eligible.Sum(x => x.line.Amount);
        var discount = coupon?.Kind switch
        {
            PromotionKind.Percent => Math.Min(Cents(eligibleAmount * coupon.Value / 100m), eligibleAmount),
            PromotionKind.Fixed => Math.Min(coupon.Value, eligibleAmount),
            _ => 0m,
        };

        var discounts = new decimal[lines.Count];
        var shares = Spread(discount, [.. eligible.Select(x => x.line.Amount)]);
        for (var i = 0; i < eligible.Count; i++)
        {
            discounts[eligible[i].index] = shares[i];
        }

        var waived = coupon?.Kind == PromotionKind.FreeShipping ? shippingPrice : 0m;
        var shipping = shippingPrice - waived;
        var priced = lines.Select((line, i) =>
        {
            var rate = destination is null ? 0m : RateFor(rates, destination, line.TaxClass);
            return new PricedLine(line.ProductId, line.Quantity, line.UnitPrice, line.Amount, discounts[i], rate, Cents((line.Amount - discounts[i]) * rate));
        }).ToList();
        var shippingTax = destination is null ? 0m : Cents(shipping * RateFor(rates, destination, StandardClass));
        var taxTotal = priced.Sum(l => l.Tax) + shippingTax;
        return new PriceBreakdown(
            priced, subtotal, discount, shipping, shippingTax, taxTotal, subtotal - discount + shipping + taxTotal, coupon is null ? 0m : discount + waived);
    }

    /// <summary>The rate of the region when the table has one for it, else the country's; 0 when neither.</summary>
    public static decimal RateFor(IReadOnlyList<TaxRule> rates, Destination destination, string taxClass)
    {
        var matching = rates.Where(r => string.Equals(r.Country, destination.Country, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.TaxClass, taxClass, StringComparison.OrdinalIgnoreCase)).ToList();
        var regional = destination.Region is { Length: > 0 } region
            ? matching.FirstOrDefault(r => string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase))
            : null;
        return (regional ?? matching.FirstOrDefault(r => r.Region is null))?.Rate ?? 0m;
    }

    /// <summary>
    /// <paramref name="total"/> (whole cents, at most the sum of <paramref name="amounts"/>) in
    /// shares proportional to the amounts, each rounded to the cent; what rounding left over or
    /// took too much goes cent by cent to the largest amount first, never past an amount or below 0.
    /// </summary>
    public static decimal[] Spread(decimal total, IReadOnlyList<decimal> amounts)
    {
        var sum = amounts.Sum();
        var shares = amounts.Select(a => sum == 0 ? 0m : Cents(total * a / sum)).ToArray();
        var left = total - shares.Sum();
        var largestFirst = Enumerable.Range(0, amounts.Count).OrderByDescending(i => amounts[i]).ThenBy(i => i).ToList();
        while (left != 0 && largestFirst.Count > 0)
        {
            var step = left > 0 ? 0.01m : -0.01m;
            var moved = false;
            foreach (var i in largestFirst)
            {
                if (shares[i] + step >= 0 && shares[i] + step <= amounts[i])
                {
                    shares[i] += step;
                    left -= step;
                    moved = true;
                    break;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return shares;
    }
}
