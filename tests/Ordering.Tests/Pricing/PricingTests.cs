using Bazaar.Ordering.Pricing;
using PriceCalc = Bazaar.Ordering.Pricing.Pricing;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>
/// Worked examples of the one price calculation, each computed by hand in its comments. Rounding is
/// to the cent, half away from zero, per line.
/// </summary>
public sealed class PricingTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Books = Guid.Parse("00000000-0000-0000-0000-0000000000b0");
    private static readonly Destination Us = new("US", null);
    private static readonly TaxRule[] UsStandard20 = [new("US", null, "standard", 0.20m)];

    private static CouponTerms Coupon(PromotionKind kind, decimal value, Guid[]? products = null, Guid[]? categories = null) =>
        new("CODE", kind, value, products ?? [], categories ?? []);

    [Fact]
    public void Price_PercentCoupon_SpreadsTheDiscountProportionallyAndTaxesTheDiscountedLinesAndShipping()
    {
        // Subtotal 2 x 10.00 + 5.00 = 25.00; 10 % = 2.50, spread 20/25 -> 2.00 and 5/25 -> 0.50.
        // Tax 20 %: (20.00 - 2.00) -> 3.60, (5.00 - 0.50) -> 0.90, shipping 4.99 -> 0.998 -> 1.00; 5.50 in all.
        // Total 25.00 - 2.50 + 4.99 + 5.50 = 32.99.
        var priced = PriceCalc.Price([new(A, 2, 10.00m, "standard", null), new(B, 1, 5.00m, "standard", null)], Coupon(PromotionKind.Percent, 10), 4.99m, Us, UsStandard20);

        Assert.Equal([(2.00m, 3.60m), (0.50m, 0.90m)], priced.Lines.Select(l => (l.Discount, l.Tax)));
        Assert.Equal((25.00m, 2.50m, 4.99m, 1.00m, 5.50m, 32.99m), (priced.Subtotal, priced.DiscountTotal, priced.ShippingPrice, priced.ShippingTax, priced.TaxTotal, priced.TotalPrice));
        Assert.Equal(21.60m, priced.Lines[0].LineTotal); // 20.00 - 2.00 + 3.60
        Assert.Equal(2.50m, priced.CouponSaving);
    }

    [Fact]
    public void PriceFor_FreeOverThreshold_IsFreeFromTheThresholdUp()
    {
        // 5.00 to ship, free from 50.00: 49.99 pays 5.00, 50.00 and 60.00 pay nothing.
        var method = new ShippingMethod { Price = 5.00m, FreeOver = 50.00m };
        var noThreshold = new ShippingMethod { Price = 5.00m };

        Assert.Equal((5.00m, 0m, 0m, 5.00m), (method.PriceFor(49.99m), method.PriceFor(50.00m), method.PriceFor(60m), noThreshold.PriceFor(1000m)));
    }

    [Fact]
    public void Price_ReducedAndZeroClasses_TaxEachLineAtItsClassRate()
    {
        // GB: standard 20 %, reduced 5 %, zero 0 %. Book 12.99 (zero) -> 0; food 3 x 1.99 = 5.97 (reduced)
        // -> 0.2985 -> 0.30; lamp 30.00 (standard) -> 6.00; shipping 3.50 at standard -> 0.70. Tax 7.00.
        // Total 48.96 + 3.50 + 7.00 = 59.46.
        TaxRule[] gb = [new("GB", null, "standard", 0.20m), new("GB", null, "reduced", 0.05m), new("GB", null, "zero", 0m)];

        var priced = PriceCalc.Price(
            [new(A, 1, 12.99m, "zero", null), new(B, 3, 1.99m, "reduced", null), new(C, 1, 30.00m, "standard", null)], null, 3.50m, new("GB", null), gb);

        Assert.Equal([(0m, 0m), (0.05m, 0.30m), (0.20m, 6.00m)], priced.Lines.Select(l => (l.TaxRate, l.Tax)));
        Assert.Equal((48.96m, 0m, 7.00m, 59.46m, 0m), (priced.Subtotal, priced.DiscountTotal, priced.TaxTotal, priced.TotalPrice, priced.CouponSaving));
    }

    [Fact]
    public void Price_RegionRate_WinsOverTheCountrysAndAnUnknownPlaceIsUntaxed()
    {
        // US 5 %, California 7.25 %: 10.00 to CA -> 0.725 -> 0.73 (half away from zero); to NY -> 0.50;
        // to FR (no rate) -> 0; a reduced-class line with no reduced rate -> 0.
        TaxRule[] us = [new("US", null, "standard", 0.05m), new("US", "CA", "standard", 0.0725m)];
        PriceLine[] lines = [new(A, 1, 10.00m, "standard", null), new(B, 1, 10.00m, "reduced", null)];

        Assert.Equal([0.73m, 0m], PriceCalc.Price(lines, null, 0m, new("US", "ca"), us).Lines.Select(l => l.Tax));
        Assert.Equal([0.50m, 0m], PriceCalc.Price(lines, null, 0m, new("US", "NY"), us).Lines.Select(l => l.Tax));
        Assert.Equal(0m, PriceCalc.Price(lines, null, 0m, new("FR", null), us).TaxTotal);
        Assert.Equal(0m, PriceCalc.Price(lines, null, 0m, null, us).TaxTotal);
    }

    [Fact]
    public void Price_HundredPercentCoupon_LeavesShippingAndItsTax()
    {
        // 19.99 + 5.01 = 25.00, all of it off; lines untaxed; shipping 4.00 + 20 % = 4.80 to pay.
        PriceLine[] lines = [new(A, 1, 19.99m, "standard", null), new(B, 1, 5.01m, "standard", null)];

        var withShipping = PriceCalc.Price(lines, Coupon(PromotionKind.Percent, 100), 4.00m, Us, UsStandard20);
        var freeShipping = PriceCalc.Price(lines, Coupon(PromotionKind.Percent, 100), 0m, Us, UsStandard20);

        Assert.Equal([19.99m, 5.01m], withShipping.Lines.Select(l => l.Discount));
        Assert.Equal((25.00m, 0.80m, 4.80m), (withShipping.DiscountTotal, withShipping.TaxTotal, withShipping.TotalPrice));
        Assert.Equal(0m, freeShipping.TotalPrice);
    }

    [Fact]
    public void Price_FreeShippingCoupon_ZeroesShippingAndItsTaxOnly()
    {
        // 20.00 + 5.00 shipping at 20 %: shipping waived (saving 5.00), lines taxed 4.00, total 24.00.
        var priced = PriceCalc.Price([new(A, 1, 20.00m, "standard", null)], Coupon(PromotionKind.FreeShipping, 0), 5.00m, Us, UsStandard20);

        Assert.Equal((0m, 0m, 0m, 4.00m, 24.00m, 5.00m), (priced.DiscountTotal, priced.ShippingPrice, priced.ShippingTax, priced.TaxTotal, priced.TotalPrice, priced.CouponSaving));
    }

    [Fact]
    public void Price_LinesWhoseRoundingDiffers_TaxEachLineRoundedOnItsOwn()
    {
        // Three lines of 0.33 at 5 %: each 0.0165 -> 0.02, so 0.06 (the sum 0.99 would give 0.0495 -> 0.05).
        PriceLine[] lines = [new(A, 1, 0.33m, "standard", null), new(B, 1, 0.33m, "standard", null), new(C, 1, 0.33m, "standard", null)];

        var priced = PriceCalc.Price(lines, null, 0m, Us, [new("US", null, "standard", 0.05m)]);

        Assert.Equal([0.02m, 0.02m, 0.02m], priced.Lines.Select(l => l.Tax));
        Assert.Equal((0.06m, 1.05m), (priced.TaxTotal, priced.TotalPrice));
    }

    [Fact]
    public void Price_DiscountThatDoesNotDivide_GivesTheLeftoverCentToTheLargestLine()
    {
        // 10 % of 33.33 + 33.33 + 33.34 = 10.00; shares 3.333, 3.333, 3.334 -> 3.33 each = 9.99; the
        // leftover cent goes to the largest line (33.34): 3.33, 3.33, 3.34.
        PriceLine[] lines = [new(A, 1, 33.33m, "standard", null), new(B, 1, 33.33m, "standard", null), new(C, 1, 33.34m, "standard", null)];

        var priced = PriceCalc.Price(lines, Coupon(PromotionKind.Percent, 10), 0m, null, []);

        Assert.Equal([3.33m, 3.33m, 3.34m], priced.Lines.Select(l => l.Discount));
        Assert.Equal(priced.DiscountTotal, priced.Lines.Sum(l => l.Discount));
        // 0.10 over three lines of 0.10: 0.0333 -> 0.03 each, the leftover cent to the first of the largest.
        Assert.Equal([0.04m, 0.03m, 0.03m], PriceCalc.Spread(0.10m, [0.10m, 0.10m, 0.10m]));
    }

    [Fact]
    public void Price_PercentOnHalfACent_RoundsAwayFromZero()
    {
        // 15 % of 9.90 = 1.485 -> 1.49 (banker's rounding would give 1.48).
        var priced = PriceCalc.Price([new(A, 1, 9.90m, "standard", null)], Coupon(PromotionKind.Percent, 15), 0m, null, []);

        Assert.Equal((1.49m, 8.41m), (priced.DiscountTotal, priced.TotalPrice));
    }

    [Fact]
    public void Price_FixedCoupon_NeverTakesMoreThanTheEligibleLinesAndOnlyFromThem()
    {
        // Fixed 50.00 on 30.00 of goods: 30.00 off, total 0. Fixed 5.00 on product B (8.00) or on the
        // books category (B): B gets 5.00 off, A (12.00) nothing.
        PriceLine[] lines = [new(A, 1, 12.00m, "standard", null), new(B, 2, 4.00m, "standard", Books)];

        Assert.Equal(0m, PriceCalc.Price([new(A, 1, 30.00m, "standard", null)], Coupon(PromotionKind.Fixed, 50), 0m, null, []).TotalPrice);
        Assert.Equal([0m, 5.00m], PriceCalc.Price(lines, Coupon(PromotionKind.Fixed, 5, products: [B]), 0m, null, []).Lines.Select(l => l.Discount));
        Assert.Equal([0m, 5.00m], PriceCalc.Price(lines, Coupon(PromotionKind.Fixed, 5, categories: [Books]), 0m, null, []).Lines.Select(l => l.Discount));
        Assert.Equal([0m, 8.00m], PriceCalc.Price(lines, Coupon(PromotionKind.Fixed, 9, products: [B]), 0m, null, []).Lines.Select(l => l.Discount));
    }

    [Fact]
    public void Refusal_SaysWhyACouponCannotBeUsed()
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        PriceLine[] lines = [new(A, 1, 20.00m, "standard", null)];

        Assert.Equal(CouponRefusals.NotStarted, new Promotion { StartsAt = now.AddMinutes(1) }.Refusal(now, lines));
        Assert.Equal(CouponRefusals.Expired, new Promotion { EndsAt = now }.Refusal(now, lines));
        Assert.Equal(CouponRefusals.MinSubtotal, new Promotion { MinSubtotal = 20.01m }.Refusal(now, lines));
        Assert.Equal(CouponRefusals.NotApplicable, new Promotion { ProductIds = [B] }.Refusal(now, lines));
        Assert.Null(new Promotion { MinSubtotal = 20.00m, StartsAt = now, EndsAt = now.AddDays(1) }.Refusal(now, lines));
        Assert.Equal(CouponRefusals.UsedUp, new Promotion { UsageLimit = 3 }.LimitRefusal(3, 0));
        Assert.Equal(CouponRefusals.AlreadyUsed, new Promotion { UsageLimit = 3, PerCustomerLimit = 1 }.LimitRefusal(2, 1));
        Assert.Null(new Promotion { UsageLimit = 3, PerCustomerLimit = 2 }.LimitRefusal(2, 1));
    }
}
