namespace Bazaar.Ordering.Pricing;

/// <summary>What a coupon does; snake_case on the wire (free_shipping).</summary>
public enum PromotionKind
{
    Percent,
    Fixed,
    FreeShipping,
}

/// <summary>Why a coupon cannot be used; the wire value is what errors.couponCode says.</summary>
public static class CouponRefusals
{
    public const string Unknown = "unknown";
    public const string Expired = "expired";
    public const string NotStarted = "not_started";
    public const string MinSubtotal = "min_subtotal";
    public const string UsedUp = "used_up";
    public const string AlreadyUsed = "already_used";
    public const string NotApplicable = "not_applicable";
}

/// <summary>
/// A coupon code. How often it was used is not a counter on this row: it is the number of orders
/// holding an unreleased use of it (<see cref="Orders.CouponUse"/>), counted under this row's lock
/// when an order is placed, so a cancelled order gives its use back in the same save as its cancel.
/// </summary>
public sealed class Promotion
{
    public Guid Id { get; set; }

    /// <summary>As the admin wrote it.</summary>
    public string Code { get; set; } = "";

    /// <summary>Upper case, unique: codes are case-insensitive.</summary>
    public string NormalizedCode { get; set; } = "";

    public PromotionKind Kind { get; set; }

    /// <summary>Percent: 0 to 100; fixed: an amount; free shipping: 0.</summary>
    public decimal Value { get; set; }

    public decimal? MinSubtotal { get; set; }

    public DateTimeOffset? StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public int? UsageLimit { get; set; }

    public int? PerCustomerLimit { get; set; }

    public List<Guid> ProductIds { get; set; } = [];

    public List<Guid> CategoryIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    public CouponTerms Terms => new(Code, Kind, Value, ProductIds, CategoryIds);

    /// <summary>Why the coupon cannot be used on these lines now, before counting uses; null when it can.</summary>
    public string? Refusal(DateTimeOffset now, IReadOnlyList<PriceLine> lines)
    {
        if (StartsAt is { } starts && now < starts)
        {
            return CouponRefusals.NotStarted;
        }

        if (EndsAt is { } ends && now >= ends)
        {
            return CouponRefusals.Expired;
        }

        if (MinSubtotal is { } min && lines.Sum(l => l.Amount) < min)
        {
            return CouponRefusals.MinSubtotal;
        }

        return lines.Any(Terms.AppliesTo) ? null : CouponRefusals.NotApplicable;
    }

    /// <summary>Why the coupon cannot be used once more, given its uses so far; null when it can.</summary>
    public string? LimitRefusal(int timesUsed, int usedByCustomer) =>
        UsageLimit is { } limit && timesUsed >= limit ? CouponRefusals.UsedUp
        : PerCustomerLimit is { } mine && usedByCustomer >= mine ? CouponRefusals.AlreadyUsed
        : null;
}
