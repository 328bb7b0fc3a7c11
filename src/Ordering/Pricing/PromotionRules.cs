using Bazaar.Ordering.Orders;

namespace Bazaar.Ordering.Pricing;

/// <summary>The shape rules of a promotion, checked at the edge before anything is stored.</summary>
internal static class PromotionRules
{
    public const int MaxTargets = 200;
    public const int MaxLimit = 100_000_000;

    /// <summary>Validates the request and, when it is valid, writes it to <paramref name="promotion"/>.</summary>
    public static Dictionary<string, string[]> Apply(Promotions.Request request, Promotion promotion, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > PricingLimits.MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["code"] = [$"code is required: 1 to {PricingLimits.MaxCodeLength} letters, digits, '-' or '_'."];
        }

        var kind = OrderWire.Parse<PromotionKind>(request.Kind);
        if (kind is null)
        {
            errors["kind"] = ["kind is required: percent, fixed or free_shipping."];
        }

        var value = request.Value ?? (kind == PromotionKind.FreeShipping ? 0m : -1m);
        var valid = kind switch
        {
            PromotionKind.Percent => value > 0 && value <= 100 && decimal.Round(value, 2) == value,
            PromotionKind.Fixed => value > 0 && ShippingMethods.IsMoney(value),
            PromotionKind.FreeShipping => value == 0,
            _ => true,
        };
        if (!valid)
        {
            errors["value"] = ["value is required: a percentage above 0 up to 100 (percent), an amount above 0 with at most 2 decimals (fixed), or 0 (free_shipping)."];
        }

        if (request.MinSubtotal is not null && !ShippingMethods.IsMoney(request.MinSubtotal))
        {
            errors["minSubtotal"] = ["minSubtotal, when given, must be an amount from 0 with at most 2 decimals."];
        }

        if (request.StartsAt is { } starts && request.EndsAt is { } ends && ends <= starts)
        {
            errors["endsAt"] = ["endsAt must be after startsAt."];
        }

        foreach (var (field, limit) in new[] { ("usageLimit", request.UsageLimit), ("perCustomerLimit", request.PerCustomerLimit) })
        {
            if (limit is < 1 or > MaxLimit)
            {
                errors[field] = [$"{field}, when given, must be from 1 to {MaxLimit}."];
            }
        }

        foreach (var (field, ids) in new[] { ("productIds", request.ProductIds), ("categoryIds", request.CategoryIds) })
        {
            if (ids is { Count: > MaxTargets } || (ids?.Contains(Guid.Empty) ?? false))
            {
                errors[field] = [$"{field}, when given, holds at most {MaxTargets} ids."];
            }
        }

        if (errors.Count == 0)
        {
            (promotion.Code, promotion.NormalizedCode, promotion.Kind, promotion.Value) = (code!, Promotion.Normalize(code!), kind!.Value, value);
            (promotion.MinSubtotal, promotion.StartsAt, promotion.EndsAt) = (request.MinSubtotal, request.StartsAt?.ToUniversalTime(), request.EndsAt?.ToUniversalTime());
            (promotion.UsageLimit, promotion.PerCustomerLimit) = (request.UsageLimit, request.PerCustomerLimit);
            (promotion.ProductIds, promotion.CategoryIds, promotion.UpdatedAt) = ([.. (request.ProductIds ?? []).Distinct()], [.. (request.CategoryIds ?? []).Distinct()], now);
        }

        return errors;
    }
}
