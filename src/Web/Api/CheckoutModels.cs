namespace Bazaar.Web.Api;

// The checkout's shapes (api-contract.md, "Checkout: quote, shipping, tax, coupons, guests"), only the fields the pages show.

/// <summary>What the shopper chose: a saved address or a typed one, a shipping method, a coupon.</summary>
public sealed record CheckoutChoice(Guid? ShippingAddressId, Address? ShippingAddress, Guid? ShippingMethodId, string? CouponCode);

public sealed record EstimatedDays(int Min, int Max);

/// <summary>A shipping method offered for the destination, with its price for this cart.</summary>
public sealed record ShippingOption(Guid Id, string Name, decimal Price, EstimatedDays EstimatedDays);

public sealed record QuotedCoupon(string Code, decimal Discount);

/// <summary>The breakdown an order placed now would get; the page shows exactly these numbers.</summary>
public sealed record Quote(
    decimal Subtotal, decimal DiscountTotal, decimal ShippingPrice, decimal TaxTotal, decimal TotalPrice, string Currency,
    List<ShippingOption> ShippingMethods, QuotedCoupon? Coupon);

/// <summary>Why a coupon was refused (the quote's or the checkout's errors.couponCode), in the shop's words.</summary>
public static class CouponRefusals
{
    public static string Say(string? reason) => reason?.Trim() switch
    {
        "unknown" => "There is no coupon with that code.",
        "expired" => "This coupon has expired.",
        "not_started" => "This coupon is not valid yet.",
        "min_subtotal" => "Your order is below this coupon's minimum amount.",
        "used_up" => "This coupon has been used up.",
        "already_used" => "You have already used this coupon.",
        "not_applicable" => "This coupon does not apply to anything in your cart.",
        null or "" => "This coupon cannot be used.",
        var other => other,
    };
}
