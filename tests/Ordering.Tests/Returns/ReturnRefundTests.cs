using Bazaar.Ordering.Orders;
using Bazaar.Ordering.Pricing;
using Bazaar.Ordering.Returns;
using PricingRules = Bazaar.Ordering.Pricing.Pricing;

namespace Bazaar.Ordering.Tests.Returns;

/// <summary>What a received return refunds, worked out by hand: the lines' share of what was charged, shipping with the last unit.</summary>
public sealed class ReturnRefundTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();

    [Fact]
    public void Refund_CouponTaxAndShipping_LinesPaidTheirShareAndShippingWithTheLastUnit()
    {
        // A: 3 x 10.00, B: 1 x 20.00; a 5.00 coupon spread 3.00 / 2.00; 10% tax; shipping 6.00 + 0.60 tax.
        // Paid: A 30.00 - 3.00 + 2.70 = 29.70, B 20.00 - 2.00 + 1.80 = 19.80; total 49.50 + 6.60 = 56.10.
        var order = Priced(new CouponTerms("SAVE5", PromotionKind.Fixed, 5m, [], []), shipping: 6m, rate: 0.10m, (A, 3, 10m), (B, 1, 20m));
        Assert.Equal(56.10m, order.TotalPrice);

        // One of A: 29.70 / 3 = 9.90. Another: round(29.70 x 2 / 3) - 9.90 = 19.80 - 9.90 = 9.90.
        var first = Received(order, [], (A, 1));
        var second = Received(order, [first], (A, 1));
        // The last A (29.70 - 19.80 = 9.90) and B (19.80), and now everything is back: shipping 6.60.
        var last = ReturnRefund.Of(order, Items((A, 1), (B, 1)), [first, second]);

        Assert.Equal((9.90m, 0m), (first.RefundAmount, first.ShippingRefund));
        Assert.Equal(9.90m, second.RefundAmount);
        Assert.Equal([9.90m, 19.80m], last.Lines);
        Assert.Equal((6.60m, 36.30m), (last.Shipping, last.Total));
        Assert.Equal(order.TotalPrice, first.RefundAmount + second.RefundAmount + last.Total);
    }

    [Fact]
    public void Refund_ThirdsOfACent_RoundTheRunningTotalSoTheUnitsAddUpToTheLine()
    {
        // 3 x 1.00, 10% off (0.30), tax 7.25% of 2.70 = 0.19575 -> 0.20: paid 2.90, which does not split in three.
        var order = Priced(new CouponTerms("TEN", PromotionKind.Percent, 10m, [], []), shipping: 0m, rate: 0.0725m, (A, 3, 1m));

        var first = Received(order, [], (A, 1));
        var second = Received(order, [first], (A, 1));
        var third = Received(order, [first, second], (A, 1));

        // round(0.9667) = 0.97; round(1.9333) - 0.97 = 0.96; 2.90 - 1.93 = 0.97.
        Assert.Equal([0.97m, 0.96m, 0.97m], new[] { first.RefundAmount, second.RefundAmount, third.RefundAmount });
        Assert.Equal(2.90m, order.TotalPrice);
    }

    [Fact]
    public void Refund_HalfACent_RoundsAwayFromZero()
    {
        // A line paid 0.05 for 2 units: one unit is 0.025 -> 0.03, the other 0.02.
        var order = Priced(null, shipping: 0m, rate: 0m, (A, 2, 0.025m));
        Assert.Equal(0.05m, order.TotalPrice);

        var first = Received(order, [], (A, 1));

        Assert.Equal(0.03m, first.RefundAmount);
        Assert.Equal(0.02m, ReturnRefund.Of(order, Items((A, 1)), [first]).Total);
    }

    [Fact]
    public void Refund_NotEverythingBack_RefundsNoShipping()
    {
        var order = Priced(null, shipping: 4.99m, rate: 0m, (A, 2, 10m), (B, 1, 5m));

        var refund = ReturnRefund.Of(order, Items((A, 2)), []);

        Assert.Equal((20m, 0m), (refund.Total, refund.Shipping));
    }

    private static Order Priced(CouponTerms? coupon, decimal shipping, decimal rate, params (Guid Product, int Quantity, decimal Price)[] lines)
    {
        var priceLines = lines.Select(l => new PriceLine(l.Product, l.Quantity, l.Price, PricingRules.StandardClass, null)).ToList();
        var priced = PricingRules.Price(priceLines, coupon, shipping, new Destination("ZZ", null), [new TaxRule("ZZ", null, PricingRules.StandardClass, rate)]);
        var address = new ShippingAddress("Ada", "1 Main St", null, "Springfield", "12345", "ZZ");
        return Order.Place(
            Guid.NewGuid(), Guid.NewGuid(), [.. lines.Select(l => new OrderItem(l.Product, "P", l.Quantity, l.Price))], "USD", address, null, T0, priced);
    }

    private static List<ReturnItem> Items(params (Guid Product, int Quantity)[] lines) =>
        [.. lines.Select((l, i) => new ReturnItem(l.Product, null, l.Quantity, "changed my mind") { Line = i + 1 })];

    private static OrderReturn Received(Order order, IReadOnlyCollection<OrderReturn> before, params (Guid Product, int Quantity)[] lines)
    {
        var items = Items(lines);
        var request = OrderReturn.Request(Guid.NewGuid(), order.Id, order.UserId, "USD", items, T0);
        Assert.True(request.Approve(T0));
        Assert.True(request.Receive(ReturnRefund.Of(order, items, before), restock: true, T0));
        return request;
    }
}
