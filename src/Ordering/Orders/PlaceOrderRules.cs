using Bazaar.Ordering.Catalog;

namespace Bazaar.Ordering.Orders;

/// <summary>A line after duplicates were merged; <c>Index</c> is where the product first appeared, for error keys.</summary>
internal sealed record Wanted(Guid ProductId, int Quantity, int Index);

/// <summary>The shape rules of a new order (checked before the catalog is asked), and its pricing from the catalog's answer.</summary>
internal static class PlaceOrderRules
{
    public static Dictionary<string, string[]> Validate(PlaceOrder.Request request, out List<Wanted> wanted, out ShippingAddress? address)
    {
        var errors = new Dictionary<string, string[]>();
        wanted = CheckLines(request.Items, errors);
        address = CheckDestination(request.ShippingAddress, request.ShippingAddressId, required: true, errors);
        CheckChoices(request.ShippingMethodId, request.CouponCode, errors);
        if (request.PaymentMethodId is { } method && (string.IsNullOrWhiteSpace(method) || method.Length > PlaceOrder.MaxPaymentMethodIdLength))
        {
            errors["paymentMethodId"] = [$"paymentMethodId, when given, must be 1 to {PlaceOrder.MaxPaymentMethodIdLength} characters."];
        }

        return errors;
    }

    /// <summary>The lines, merged by product; errors keyed items[i].field.</summary>
    public static List<Wanted> CheckLines(List<PlaceOrder.Line?>? items, Dictionary<string, string[]> errors)
    {
        var wanted = new List<Wanted>();
        if (items is not { Count: > 0 and <= Order.MaxLines } lines)
        {
            errors["items"] = [$"items must hold 1 to {Order.MaxLines} lines."];
        }
        else
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i]?.ProductId is not { } productId || productId == Guid.Empty)
                {
                    errors[$"items[{i}].productId"] = ["productId is required."];
                }
                else if (lines[i]!.Quantity is not { } quantity || quantity is < Order.MinQuantity or > Order.MaxQuantity)
                {
                    errors[$"items[{i}].quantity"] = [$"quantity must be from {Order.MinQuantity} to {Order.MaxQuantity}."];
                }
                else if (wanted.FindIndex(w => w.ProductId == productId) is var at and >= 0)
                {
                    // The same product twice is one line: the customer meant the sum.
                    wanted[at] = wanted[at] with { Quantity = wanted[at].Quantity + quantity };
                    if (wanted[at].Quantity > Order.MaxQuantity)
                    {
                        errors[$"items[{i}].quantity"] = [$"The lines of product {productId} add up to more than {Order.MaxQuantity}."];
                    }
                }
                else
                {
                    wanted.Add(new Wanted(productId, quantity, i));
                }
            }
        }

        return wanted;
    }

    /// <summary>A shipping address, or the id of one in the user's address book (not both); null for an id (resolved later) or when missing.</summary>
    public static ShippingAddress? CheckDestination(PlaceOrder.Address? given, Guid? addressId, bool required, Dictionary<string, string[]> errors)
    {
        if (addressId is { } id)
        {
            if (given is not null)
            {
                errors["shippingAddressId"] = ["Give shippingAddress or shippingAddressId, not both."];
            }
            else if (id == Guid.Empty)
            {
                errors["shippingAddressId"] = ["shippingAddressId is not an address id."];
            }

            return null;
        }

        return given is null && !required ? null : CheckAddress(given, errors);
    }

    public static void CheckChoices(Guid? shippingMethodId, string? couponCode, Dictionary<string, string[]> errors)
    {
        if (shippingMethodId == Guid.Empty)
        {
            errors["shippingMethodId"] = ["shippingMethodId is not a shipping method id."];
        }

        if (couponCode is not null && (couponCode.Trim().Length is 0 or > Pricing.PricingLimits.MaxCodeLength || couponCode.Any(char.IsControl)))
        {
            errors["couponCode"] = [$"couponCode, when given, must be 1 to {Pricing.PricingLimits.MaxCodeLength} characters."];
        }
    }

    private static ShippingAddress? CheckAddress(PlaceOrder.Address? given, Dictionary<string, string[]> errors)
    {
        if (given is null)
        {
            errors["shippingAddress"] = ["shippingAddress (or shippingAddressId) is required."];
            return null;
        }

        string Required(string? value, string field, int max = PlaceOrder.MaxAddressFieldLength)
        {
            var trimmed = value?.Trim() ?? "";
            if (trimmed.Length == 0 || trimmed.Length > max || trimmed.Any(char.IsControl))
            {
                errors[$"shippingAddress.{field}"] = [$"{field} is required: at most {max} characters."];
            }

            return trimmed;
        }

        string? Optional(string? value, string field)
        {
            var trimmed = value?.Trim();
            if (trimmed is { Length: > PlaceOrder.MaxAddressFieldLength } || (trimmed?.Any(char.IsControl) ?? false))
            {
                errors[$"shippingAddress.{field}"] = [$"{field} must be at most {PlaceOrder.MaxAddressFieldLength} characters."];
            }

            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }

        var address = new ShippingAddress(
            Required(given.Name, "name"),
            Required(given.Line1, "line1"),
            string.IsNullOrWhiteSpace(given.Line2) ? null : given.Line2.Trim(),
            Required(given.City, "city"),
            Required(given.PostalCode, "postalCode", PlaceOrder.MaxPostalCodeLength),
            Required(given.Country, "country"))
        {
            Region = Optional(given.Region, "region"),
            Phone = Optional(given.Phone, "phone"),
        };
        if (address.Line2 is { Length: > PlaceOrder.MaxAddressFieldLength })
        {
            errors["shippingAddress.line2"] = [$"line2 must be at most {PlaceOrder.MaxAddressFieldLength} characters."];
        }

        return address;
    }

    /// <summary>Catalog's name and price for every line; unknown and archived products are named in <paramref name="errors"/>.</summary>
    public static List<OrderItem> Price(List<Wanted> wanted, IReadOnlyList<CatalogProduct> products, Dictionary<string, string[]> errors)
    {
        var known = products.ToDictionary(p => p.Id);
        var items = new List<OrderItem>();
        foreach (var line in wanted)
        {
            if (!known.TryGetValue(line.ProductId, out var product))
            {
                errors[$"items[{line.Index}].productId"] = [$"Product {line.ProductId} does not exist."];
            }
            else if (product.Archived)
            {
                errors[$"items[{line.Index}].productId"] = [$"Product {line.ProductId} ({product.Name}) is no longer sold."];
            }
            else
            {
                items.Add(new OrderItem(product.Id, product.Name, line.Quantity, product.Price));
            }
        }

        if (errors.Count == 0 && products.Select(p => p.Currency).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
        {
            errors["items"] = ["The products are priced in different currencies; an order is paid in one. Order them separately."];
        }

        return items;
    }
}
