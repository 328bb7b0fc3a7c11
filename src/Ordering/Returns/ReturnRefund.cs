using Bazaar.Ordering.Orders;

namespace Bazaar.Ordering.Returns;

/// <summary>
/// What a received return refunds: what its lines were paid, out of what the order was actually
/// charged. Pure: no clock, no database. Money is decimal, rounded to the cent half away from zero
/// (<see cref="Pricing.Pricing.Cents"/>):
/// <list type="bullet">
/// <item>a line was paid its amount less its discount share (coupon) plus its tax: unitPrice × quantity − discount + tax;</item>
/// <item>returning q of its Q units refunds round(paid × (r + q) / Q) − round(paid × r / Q), r being the units of that line received back before:
/// the rounding is of the running total, so all the units of a line, returned in any number of returns, refund exactly what the line was paid;</item>
/// <item>shipping (and its tax) is refunded only with the return that brings back the last unit of the order:
/// that return refunds what is left of the order's total, so all returns together refund exactly the total.</item>
/// </list>
/// </summary>
public sealed record ReturnRefund(IReadOnlyList<decimal> Lines, decimal Shipping)
{
    public decimal Total => Lines.Sum() + Shipping;

    /// <summary>What the line cost in all, as charged.</summary>
    public static decimal Paid(OrderItem line) => (line.UnitPrice * line.Quantity) - line.Discount + line.Tax;

    /// <param name="receivedBefore">The order's returns already received (their units and refunds).</param>
    public static ReturnRefund Of(Order order, IReadOnlyList<ReturnItem> items, IReadOnlyCollection<OrderReturn> receivedBefore)
    {
        var back = receivedBefore.SelectMany(r => r.Items).GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity));
        var lines = items.Select(item =>
        {
            var line = order.Items.Single(i => i.ProductId == item.ProductId);
            var before = back.GetValueOrDefault(item.ProductId);
            return Share(line, before + item.Quantity) - Share(line, before);
        }).ToList();

        var now = items.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity));
        var everything = order.Items.All(l => back.GetValueOrDefault(l.ProductId) + now.GetValueOrDefault(l.ProductId) >= l.Quantity);
        var refundedBefore = receivedBefore.Sum(r => r.RefundAmount ?? 0m);
        var shipping = everything ? Math.Max(0m, order.TotalPrice - refundedBefore - lines.Sum()) : 0m;
        return new ReturnRefund(lines, shipping);
    }

    /// <summary>The first <paramref name="units"/> units' share of what the line was paid, to the cent.</summary>
    private static decimal Share(OrderItem line, int units) => Pricing.Pricing.Cents(Paid(line) * units / line.Quantity);
}
