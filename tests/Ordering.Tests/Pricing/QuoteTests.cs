using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>POST /api/checkout/quote: the breakdown an order would get, and every reason a coupon is refused.</summary>
public sealed class QuoteTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    [Fact]
    public async Task Quote_WithMethodTaxAndCoupon_IsExactlyWhatTheOrderThenGets()
    {
        var country = PricingSetup.NewCountry();
        var lamp = await app.ProductAsync(20.00m, "Lamp");
        var book = await app.ProductAsync(9.99m, "Book", taxClass: "reduced");
        var method = await app.ShippingMethodAsync(country, 4.99m, freeOver: 100m);
        await app.TaxRatesAsync(new { country, taxClass = "standard", rate = 0.20m }, new { country, taxClass = "reduced", rate = 0.05m });
        var code = (await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "percent", value = 10m })).Code;
        using var customer = app.Customer();
        var body = new { items = PricingSetup.Items((lamp, 2), (book, 1)), shippingAddress = PricingSetup.Address(country), shippingMethodId = method, couponCode = code.ToLowerInvariant(), paymentMethodId = "pm_card_visa" };

        var quote = await (await customer.QuoteAsync(body)).ReadAsync<QuoteBody>();
        var order = await (await customer.PostOrderAsync(body)).ReadAsync<PricedOrderBody>();

        // Subtotal 40.00 + 9.99 = 49.99; 10 % = 5.00 (4.999 -> 5.00): lamp 40/49.99 -> 4.0008 -> 4.00, book 0.9992 -> 1.00.
        // Tax: lamp 36.00 x 20 % = 7.20, book 8.99 x 5 % = 0.4495 -> 0.45, shipping 4.99 x 20 % = 0.998 -> 1.00: 8.65.
        // Total 49.99 - 5.00 + 4.99 + 8.65 = 58.63.
        Assert.Equal((49.99m, 5.00m, 4.99m, 8.65m, 58.63m), (quote.Subtotal, quote.DiscountTotal, quote.ShippingPrice, quote.TaxTotal, quote.TotalPrice));
        Assert.Equal([(4.00m, 0.20m, 7.20m, 43.20m), (1.00m, 0.05m, 0.45m, 9.44m)], quote.Lines.Select(l => (l.Discount, l.TaxRate, l.Tax, l.LineTotal)));
        Assert.Equal((code, 5.00m), (quote.Coupon!.Code, quote.Coupon.Discount));
        Assert.Equal((method, 4.99m), (Assert.Single(quote.ShippingMethods).Id, quote.ShippingMethods[0].Price));
        Assert.Equal((quote.Subtotal, quote.DiscountTotal, quote.ShippingPrice, quote.TaxTotal, quote.TotalPrice), (order.Subtotal, order.DiscountTotal, order.ShippingPrice, order.TaxTotal, order.TotalPrice));
        Assert.Equal(quote.Lines.Select(l => (l.ProductId, l.Discount, l.TaxRate, l.Tax)), order.Items.Select(i => (i.ProductId, i.Discount, i.TaxRate, i.Tax)));
    }

    [Fact]
    public async Task Quote_FromCartWithSavedAddress_PricesTheCartLinesForThatDestination()
    {
        var country = PricingSetup.NewCountry();
        var mug = await app.ProductAsync(8.00m, "Mug");
        await app.TaxRatesAsync(new { country, taxClass = "standard", rate = 0.10m }, new { country, region = "North", taxClass = "standard", rate = 0.25m });
        using var customer = app.Customer(out var userId);
        app.Neighbours.SetCart(userId, (mug, 3));
        var addressId = app.Neighbours.SaveAddress(userId, country, region: "north");

        var response = await customer.QuoteAsync(new { fromCart = true, shippingAddressId = addressId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quote = await response.ReadAsync<QuoteBody>();
        // 3 x 8.00 = 24.00 at the region's 25 % = 6.00; no method ships there: no shipping.
        Assert.Equal([(mug, 3, 0.25m, 6.00m)], quote.Lines.Select(l => (l.ProductId, l.Quantity, l.TaxRate, l.Tax)));
        Assert.Equal((24.00m, 0m, 30.00m, "USD"), (quote.Subtotal, quote.ShippingPrice, quote.TotalPrice, quote.Currency));
        Assert.Empty(quote.ShippingMethods);
    }

    [Fact]
    public async Task Quote_EmptyCartUnknownAddressOrBadBody_Returns400NamingTheField()
    {
        var product = await app.ProductAsync(1m);
        using var customer = app.Customer(out var userId);
        var stranger = app.Neighbours.SaveAddress(Guid.NewGuid(), "US");

        await (await customer.QuoteAsync(new { fromCart = true })).ErrorsAsync("items");
        await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 1)), shippingAddressId = stranger })).ErrorsAsync("shippingAddressId");
        await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 1)), fromCart = true })).ErrorsAsync("fromCart");
        await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 0)) })).ErrorsAsync("items[0].quantity");
        await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 1)), shippingMethodId = Guid.NewGuid() })).ErrorsAsync("shippingMethodId");
        await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address("US"), shippingAddressId = stranger })).ErrorsAsync("shippingAddressId");
    }

    [Fact]
    public async Task Quote_Anonymous_Returns401()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/checkout/quote", new { items = PricingSetup.Items((Guid.NewGuid(), 1)) }, OrderingApp.Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Quote_UnusableCoupon_Returns400SayingWhy()
    {
        var product = await app.ProductAsync(10.00m);
        var other = await app.ProductAsync(10.00m);
        var now = DateTimeOffset.UtcNow;
        var expired = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, endsAt = now.AddMinutes(-1) });
        var future = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, startsAt = now.AddDays(1) });
        var big = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, minSubtotal = 10.01m });
        var elsewhere = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, productIds = new[] { other } });
        var once = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, usageLimit = 1 });
        var mine = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, perCustomerLimit = 1 });
        using var customer = app.Customer();
        using var someone = app.Customer();
        Assert.Equal(HttpStatusCode.Created, (await someone.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address("US"), couponCode = once.Code })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address("US"), couponCode = mine.Code })).StatusCode);

        async Task<string> WhyAsync(string code) =>
            Assert.Single(await (await customer.QuoteAsync(new { items = PricingSetup.Items((product, 1)), couponCode = code })).ErrorsAsync("couponCode"));

        Assert.Equal("unknown", await WhyAsync("NO-SUCH-CODE"));
        Assert.Equal("expired", await WhyAsync(expired.Code));
        Assert.Equal("not_started", await WhyAsync(future.Code));
        Assert.Equal("min_subtotal", await WhyAsync(big.Code));
        Assert.Equal("not_applicable", await WhyAsync(elsewhere.Code));
        Assert.Equal("used_up", await WhyAsync(once.Code));
        Assert.Equal("already_used", await WhyAsync(mine.Code));
    }
}
