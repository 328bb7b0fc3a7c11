using Bazaar.Cart.Catalog;

namespace Bazaar.Cart.Carts;

/// <summary>
/// A cart line priced from the catalog. Lines that cannot be bought are kept visible, so the
/// shopper can see and remove them: <c>available</c> false, a reason, and a line total of 0.
/// </summary>
public sealed record CartItem(
    Guid ProductId,
    string Name,
    decimal UnitPrice,
    int Quantity,
    decimal LineTotal,
    string Currency,
    string? StockStatus,
    bool Available,
    string? UnavailableReason);

/// <param name="ItemCount">Units of the available lines.</param>
/// <param name="TotalPrice">The sum of the line totals (available lines only).</param>
public sealed record CartResponse(IReadOnlyList<CartItem> Items, int ItemCount, decimal TotalPrice, string Currency);

/// <summary>Prices stored lines with what Catalog says now (pure: no I/O).</summary>
public static class CartView
{
    /// <summary>The product was archived (no longer sold); it is shown with its name and last price.</summary>
    public const string Archived = "archived";

    /// <summary>Catalog does not know the product at all.</summary>
    public const string Unknown = "unknown";

    /// <summary>Priced in another currency than the rest of the cart: one order has one currency.</summary>
    public const string OtherCurrency = "other_currency";

    public const string UnknownName = "Unavailable product";

    public static CartResponse Build(IReadOnlyList<CartLine> lines, IReadOnlyDictionary<Guid, CatalogProduct> catalog)
    {
        var currency = CurrencyOf(lines, catalog);
        var items = lines
            .Select(line => Price(line, catalog.GetValueOrDefault(line.ProductId), currency))
            .OrderBy(item => item.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(item => item.ProductId)
            .ToList();
        var available = items.Where(i => i.Available).ToList();
        return new CartResponse(items, available.Sum(i => i.Quantity), available.Sum(i => i.LineTotal), currency);
    }

    private static CartItem Price(CartLine line, CatalogProduct? product, string currency) => product switch
    {
        null => new CartItem(line.ProductId, UnknownName, 0m, line.Quantity, 0m, currency, null, false, Unknown),
        { Archived: true } => Unavailable(line, product, Archived),
        _ when product.Currency != currency => Unavailable(line, product, OtherCurrency),
        _ => new CartItem(line.ProductId, product.Name, product.Price, line.Quantity, product.Price * line.Quantity, product.Currency, product.StockStatus, true, null),
    };

    private static CartItem Unavailable(CartLine line, CatalogProduct product, string reason) =>
        new(line.ProductId, product.Name, product.Price, line.Quantity, 0m, product.Currency, product.StockStatus, false, reason);

    /// <summary>
    /// The currency most buyable lines are priced in (ties: alphabetical, so it is stable). The
    /// shop prices in one currency; this only keeps a mixed catalog from adding up apples and pears.
    /// </summary>
    private static string CurrencyOf(IReadOnlyList<CartLine> lines, IReadOnlyDictionary<Guid, CatalogProduct> catalog) =>
        lines.Select(l => catalog.GetValueOrDefault(l.ProductId))
            .Where(p => p is { Archived: false })
            .GroupBy(p => p!.Currency, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault() ?? CartOptions.DefaultCurrency;
}
