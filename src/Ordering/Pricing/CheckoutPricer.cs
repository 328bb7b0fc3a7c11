using Bazaar.Ordering.AddressBook;
using Bazaar.Ordering.Catalog;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Pricing;

/// <summary>What a checkout asks to be priced: lines already priced from the catalog, and the shopper's choices.</summary>
internal sealed record CheckoutAsk(
    Guid UserId, IReadOnlyList<OrderItem> Items, IReadOnlyList<CatalogProduct> Products, ShippingAddress? Address, Guid? AddressId, Guid? ShippingMethodId, string? CouponCode);

/// <summary>A shipping method to the destination and its price for this order.</summary>
internal sealed record MethodOffer(ShippingMethod Method, decimal Price);

internal sealed record CheckoutPrice(ShippingAddress? Address, ShippingMethod? Method, IReadOnlyList<MethodOffer> Offers, Promotion? Coupon, PriceBreakdown Breakdown);

/// <summary>
/// Turns a checkout into its price, for the quote and for placement alike (so an order gets what
/// it was quoted): the address (from the address book when given by id), the shipping methods to
/// it, the chosen one, the coupon's terms and uses, the tax table, then <see cref="Pricing.Price"/>.
/// </summary>
internal sealed class CheckoutPricer(OrderingDb db, IdentityClient identity, TimeProvider clock)
{
    /// <param name="forOrder">Placing an order: a method is required when any ships to the destination.</param>
    /// <returns>The price, or null with <paramref name="errors"/> filled.</returns>
    /// <exception cref="IdentityUnavailableException">The address book could not be read.</exception>
    public async Task<CheckoutPrice?> PriceAsync(CheckoutAsk ask, bool forOrder, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var address = ask.Address;
        if (ask.AddressId is { } addressId)
        {
            if (await identity.AddressAsync(ask.UserId, addressId, cancellationToken) is not { } saved)
            {
                errors["shippingAddressId"] = ["There is no such address in your address book."];
                return null;
            }

            address = new ShippingAddress(saved.Name, saved.Line1, saved.Line2, saved.City, saved.PostalCode, saved.Country) { Region = saved.Region, Phone = saved.Phone };
        }

        var products = ask.Products.ToDictionary(p => p.Id);
        var lines = ask.Items.Select(i => new PriceLine(
            i.ProductId, i.Quantity, i.UnitPrice, products[i.ProductId].TaxClass ?? Pricing.StandardClass, products[i.ProductId].CategoryId)).ToList();
        var subtotal = lines.Sum(l => l.Amount);

        var offers = address is null
            ? []
            : (await db.ShippingMethods.AsNoTracking().ToListAsync(cancellationToken))
                .Where(m => m.ShipsTo(address.Country))
                .Select(m => new MethodOffer(m, m.PriceFor(subtotal)))
                .OrderBy(o => o.Price).ThenBy(o => o.Method.Name, StringComparer.Ordinal).ThenBy(o => o.Method.Id)
                .ToList();
        var method = ask.ShippingMethodId is { } methodId ? offers.FirstOrDefault(o => o.Method.Id == methodId)?.Method : null;
        if (ask.ShippingMethodId is not null && method is null)
        {
            errors["shippingMethodId"] = [address is null ? "A shipping method needs a shipping address." : "No shipping method of that id ships to this destination."];
        }
        else if (forOrder && method is null && offers.Count > 0)
        {
            errors["shippingMethodId"] = ["shippingMethodId is required: choose one of the shipping methods to this destination."];
        }

        var coupon = ask.CouponCode is { } code ? await FindCouponAsync(code, cancellationToken) : null;
        if (ask.CouponCode is not null)
        {
            var refusal = coupon is null
                ? CouponRefusals.Unknown
                : coupon.Refusal(clock.GetUtcNow(), lines)
                    ?? coupon.LimitRefusal(await CouponUses.CountAsync(db, coupon.Id, null, cancellationToken), await CouponUses.CountAsync(db, coupon.Id, ask.UserId, cancellationToken));
            if (refusal is not null)
            {
                errors["couponCode"] = [refusal];
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var country = address?.Country.Trim().ToUpperInvariant();
        var rates = country is null
            ? []
            : (await db.TaxRates.AsNoTracking().Where(r => r.Country == country).ToListAsync(cancellationToken)).Select(r => r.ToRule()).ToList();
        var destination = address is null ? null : new Destination(country!, address.Region);
        var breakdown = Pricing.Price(lines, coupon?.Terms, method?.PriceFor(subtotal) ?? 0m, destination, rates);
        return new CheckoutPrice(address, method, offers, coupon, breakdown);
    }

    private Task<Promotion?> FindCouponAsync(string code, CancellationToken cancellationToken)
    {
        var normalized = Promotion.Normalize(code);
        return db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.NormalizedCode == normalized, cancellationToken);
    }
}

/// <summary>A coupon's uses: orders holding an unreleased use of it.</summary>
internal static class CouponUses
{
    /// <summary>Every unreleased use of the promotion, or only <paramref name="userId"/>'s.</summary>
    public static Task<int> CountAsync(OrderingDb db, Guid promotionId, Guid? userId, CancellationToken cancellationToken) =>
        db.Orders.CountAsync(
            o => o.CouponUse != null && o.CouponUse.PromotionId == promotionId && o.CouponUse.ReleasedAt == null
                && (userId == null || o.CouponUse.UserId == userId),
            cancellationToken);

    public static async Task<Dictionary<Guid, int>> CountAsync(OrderingDb db, IReadOnlyCollection<Guid> promotionIds, CancellationToken cancellationToken) =>
        await db.Orders
            .Where(o => o.CouponUse != null && o.CouponUse.ReleasedAt == null && promotionIds.Contains(o.CouponUse.PromotionId))
            .GroupBy(o => o.CouponUse!.PromotionId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
}
