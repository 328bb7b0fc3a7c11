using System.Security.Cryptography;
using System.Text;
using Bazaar.Cart.Carts;

namespace Bazaar.Cart.Checkout;

public sealed record ShippingAddress(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Region = null, string? Phone = null);

/// <param name="ShippingAddressId">An address of the shopper's address book, instead of <paramref name="ShippingAddress"/>; Ordering resolves it.</param>
/// <param name="ShippingMethodId">Forwarded to Ordering, which requires it when a method ships to the destination.</param>
/// <param name="CouponCode">Forwarded to Ordering, which applies it or says why not (errors.couponCode).</param>
/// <param name="Email">A guest's email, required for a guest's checkout (the order's mails go there); ignored for a person's.</param>
public sealed record CheckoutRequest(
    ShippingAddress? ShippingAddress, string? PaymentMethodId, Guid? ShippingAddressId = null, Guid? ShippingMethodId = null, string? CouponCode = null, string? Email = null)
{
    public const int MaxEmailLength = 254;

    /// <summary>
    /// The shape Cart can check itself, with Ordering's limits, so a bad body is refused before
    /// anything is sent. Should Ordering grow finer rules, its 400 reaches the client unchanged.
    /// </summary>
    public Dictionary<string, string[]> Validate(bool guest = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (guest && !(Email?.Trim() is { Length: > 0 and <= MaxEmailLength } email
            && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.All(c => c < 128)))
        {
            errors["email"] = ["email is required for a guest's checkout: an address the order's mails can go to."];
        }

        if (guest && ShippingAddressId is not null)
        {
            errors["shippingAddressId"] = ["A guest has no address book: give shippingAddress."];
        }
        else if (ShippingAddressId is not null)
        {
            if (ShippingAddress is not null || ShippingAddressId == Guid.Empty)
            {
                errors["shippingAddressId"] = ["Give shippingAddress or a saved address's shippingAddressId, not both."];
            }
        }
        else if (ShippingAddress is not { } address)
        {
            errors["shippingAddress"] = ["shippingAddress (or shippingAddressId) is required."];
        }
        else
        {
            Require(errors, "shippingAddress.name", address.Name, 200);
            Require(errors, "shippingAddress.line1", address.Line1, 200);
            Limit(errors, "shippingAddress.line2", address.Line2, 200);
            Require(errors, "shippingAddress.city", address.City, 200);
            Require(errors, "shippingAddress.postalCode", address.PostalCode, 20);
            Require(errors, "shippingAddress.country", address.Country, 200);
            Limit(errors, "shippingAddress.region", address.Region, 200);
            Limit(errors, "shippingAddress.phone", address.Phone, 200);
        }

        if (CouponCode is not null && (string.IsNullOrWhiteSpace(CouponCode) || CouponCode.Length > 64))
        {
            errors["couponCode"] = ["couponCode, when given, must be 1 to 64 characters."];
        }

        Require(errors, "paymentMethodId", PaymentMethodId, 255);
        return errors;
    }

    /// <summary>
    /// The key sent to Ordering when the client sent none: the same for the same cart (revision
    /// and lines) and body, so a double-click places one order; new after any change to the cart,
    /// so buying the same things again later is a new order.
    /// </summary>
    public string DerivedKey(Guid userId, CartSnapshot cart, string requestHash)
    {
        var lines = string.Join(',', cart.Lines.OrderBy(l => l.ProductId).Select(l => $"{l.ProductId:N}:{l.Quantity}"));
        return "cart-" + Hex(Encoding.UTF8.GetBytes($"{userId:N}|{cart.Revision}|{lines}|{requestHash}"));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else
        {
            Limit(errors, field, value, maxLength);
        }
    }

    private static void Limit(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is { Length: var length } && (length > maxLength || value.Any(char.IsControl)))
        {
            errors[field] = [$"{field} must be at most {maxLength} printable characters."];
        }
    }
}
