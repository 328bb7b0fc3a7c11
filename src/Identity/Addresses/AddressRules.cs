namespace Bazaar.Identity.Addresses;

/// <summary>The shape rules of an address-book entry, as typed into a form.</summary>
public static class AddressRules
{
    public const int MaxAddresses = 20;
    public const int MaxLabelLength = 50;
    public const int MaxNameLength = 100;
    public const int MaxLineLength = 200;
    public const int MaxCityLength = 100;
    public const int MaxRegionLength = 100;
    public const int MaxPostalCodeLength = 20;
    public const int MaxPhoneLength = 32;

    /// <summary>The request body of POST and PUT.</summary>
    public sealed record Request(
        string? Label, string? Name, string? Line1, string? Line2, string? City, string? Region,
        string? PostalCode, string? Country, string? Phone, bool? IsDefault);

    /// <summary>The checked, trimmed fields (empty optional ones become null), or the errors per field.</summary>
    public static AddressFields? Check(Request request, Dictionary<string, string[]> errors)
    {
        var label = Optional("label", request.Label, MaxLabelLength, errors);
        var name = Required("name", request.Name, MaxNameLength, errors);
        var line1 = Required("line1", request.Line1, MaxLineLength, errors);
        var line2 = Optional("line2", request.Line2, MaxLineLength, errors);
        var city = Required("city", request.City, MaxCityLength, errors);
        var region = Optional("region", request.Region, MaxRegionLength, errors);
        var postalCode = Required("postalCode", request.PostalCode, MaxPostalCodeLength, errors);
        var phone = Optional("phone", request.Phone, MaxPhoneLength, errors);
        var country = Countries.Normalize(request.Country);
        if (country is null)
        {
            errors["country"] = [string.IsNullOrWhiteSpace(request.Country)
                ? "Country is required."
                : "Country must be an ISO 3166-1 alpha-2 code, such as US or DE."];
        }

        return errors.Count > 0
            ? null
            : new AddressFields(label, name!, line1!, line2, city!, region, postalCode!, country!, phone);
    }

    private static string? Required(string field, string? value, int maxLength, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{Title(field)} is required."];
            return null;
        }

        return Optional(field, value, maxLength, errors);
    }

    private static string? Optional(string field, string? value, int maxLength, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors[field] = [$"{Title(field)} must be at most {maxLength} characters."];
        }
        else if (trimmed.Any(char.IsControl))
        {
            // Control characters include NUL, which PostgreSQL text cannot hold.
            errors[field] = [$"{Title(field)} must not contain control characters."];
        }

        return trimmed;
    }

    private static string Title(string field) => field switch
    {
        "line1" => "Address line 1",
        "line2" => "Address line 2",
        "postalCode" => "Postal code",
        _ => char.ToUpperInvariant(field[0]) + field[1..],
    };
}
