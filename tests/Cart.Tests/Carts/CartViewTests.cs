using Bazaar.Cart.Carts;
using Bazaar.Cart.Catalog;

namespace Bazaar.Cart.Tests.Carts;

public sealed class CartViewTests
{
    [Fact]
    public void Build_UnknownProduct_IsShownUnavailableWithoutPrice()
    {
        var known = Product("Known", 5m);
        var unknown = Guid.NewGuid();

        var cart = CartView.Build([new CartLine(known.Id, 2), new CartLine(unknown, 1)], Catalog(known));

        var line = Assert.Single(cart.Items, i => i.ProductId == unknown);
        Assert.Equal((CartView.UnknownName, 0m, 0m, false, CartView.Unknown), (line.Name, line.UnitPrice, line.LineTotal, line.Available, line.UnavailableReason));
        Assert.Equal((2, 10m), (cart.ItemCount, cart.TotalPrice));
    }

    [Fact]
    public void Build_MixedCurrencies_TotalsTheMostCommonOneOnly()
    {
        var (usd1, usd2, eur) = (Product("A", 1m), Product("B", 2m), Product("C", 3m, "EUR"));

        var cart = CartView.Build([new CartLine(usd1.Id, 1), new CartLine(usd2.Id, 1), new CartLine(eur.Id, 1)], Catalog(usd1, usd2, eur));

        Assert.Equal(("USD", 3m, 2), (cart.Currency, cart.TotalPrice, cart.ItemCount));
        Assert.Equal(CartView.OtherCurrency, Assert.Single(cart.Items, i => !i.Available).UnavailableReason);
    }

    [Fact]
    public void Build_SumsLineTotalsIntoTotal_SortedByName()
    {
        var (b, a) = (Product("banana", 0.35m), Product("Apple", 1.10m));

        var cart = CartView.Build([new CartLine(b.Id, 3), new CartLine(a.Id, 2)], Catalog(a, b));

        Assert.Equal(["Apple", "banana"], cart.Items.Select(i => i.Name));
        Assert.Equal(3.25m, cart.TotalPrice);
        Assert.Equal(cart.TotalPrice, cart.Items.Sum(i => i.LineTotal));
    }

    private static CatalogProduct Product(string name, decimal price, string currency = "USD") =>
        new(Guid.NewGuid(), $"SKU-{name}", name, price, currency, "in_stock", false);

    private static Dictionary<Guid, CatalogProduct> Catalog(params CatalogProduct[] products) => products.ToDictionary(p => p.Id);
}
