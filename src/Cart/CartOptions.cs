namespace Bazaar.Cart;

/// <summary>Bound from the "Cart" configuration section.</summary>
public sealed class CartOptions
{
    public const string Section = "Cart";

    /// <summary>Units of one product a cart line may hold (the contract's 1..100).</summary>
    public const int MaxQuantity = 100;

    /// <summary>The currency of an empty cart (the contract's default).</summary>
    public const string DefaultCurrency = "USD";

    /// <summary>How long an untouched cart is kept; every change starts the period again.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Different products one cart may hold. At most what Ordering takes in one order (100), which
    /// is also under Catalog's lookup limit (200), so one batched lookup prices the whole cart.
    /// </summary>
    public int MaxLines { get; set; } = 100;

    public bool IsValid() => Lifetime >= TimeSpan.FromMinutes(1) && MaxLines is >= 1 and <= 100;
}
