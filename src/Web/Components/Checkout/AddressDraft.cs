using Bazaar.Web.Api;

namespace Bazaar.Web.Components.Checkout;

/// <summary>The address a shopper is typing at checkout.</summary>
public sealed class AddressDraft
{
    public string Name { get; set; } = "";

    public string Line1 { get; set; } = "";

    public string? Line2 { get; set; }

    public string City { get; set; } = "";

    public string PostalCode { get; set; } = "";

    public string Country { get; set; } = "";

    /// <summary>Every required field filled: worth quoting (a half-typed address would only answer field errors).</summary>
    public bool IsComplete =>
        !string.IsNullOrWhiteSpace(Name) && !string.IsNullOrWhiteSpace(Line1) && !string.IsNullOrWhiteSpace(City)
        && !string.IsNullOrWhiteSpace(PostalCode) && Country.Trim().Length == 2;

    public Address ToAddress() =>
        new(Name.Trim(), Line1.Trim(), string.IsNullOrWhiteSpace(Line2) ? null : Line2.Trim(), City.Trim(), PostalCode.Trim(), Country.Trim().ToUpperInvariant());
}
