using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Payments.Orders;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>POST /api/orders with the second edition's fields: the method, the saved address, the coupon, and what Payments is told to charge.</summary>
public sealed class PricedOrderTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    [Fact]
    public async Task PlaceOrder_WithoutNewFieldsWhereNothingIsConfigured_AnswersAsBefore()
    {
        var product = await app.ProductAsync(12.34m);
        using var customer = app.Customer();

        var order = await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 3)), shippingAddress = OrderRequests.Address })).ReadAsync<PricedOrderBody>();

        Assert.Equal((37.02m, 37.02m, 0m, 0m, 0m), (order.TotalPrice, order.Subtotal, order.DiscountTotal, order.ShippingPrice, order.TaxTotal));
        Assert.Null(order.ShippingMethod);
        Assert.Empty(order.Discounts);
        Assert.Equal((0m, 0m, 0m), (order.Items[0].Discount, order.Items[0].TaxRate, order.Items[0].Tax));
    }

    [Fact]
    public async Task PlaceOrder_MethodShipsThereButNoneOrAWrongOneChosen_Returns400AndPlacesNothing()
    {
        var country = PricingSetup.NewCountry();
        var product = await app.ProductAsync(10m);
        await app.ShippingMethodAsync(country, 3m);
        var elsewhere = await app.ShippingMethodAsync(PricingSetup.NewCountry(), 3m);
        using var customer = app.Customer();

        await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address(country) })).ErrorsAsync("shippingMethodId");
        await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address(country), shippingMethodId = elsewhere })).ErrorsAsync("shippingMethodId");
        await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address(country), couponCode = "" })).ErrorsAsync("couponCode");

        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<OrderBody>>("/api/orders", OrderingApp.Cancellation))!.TotalCount);
    }

    [Fact]
    public async Task PlaceOrder_SavedAddressMethodAndCoupon_KeepsCopiesAndPaymentsIsToldTheTotal()
    {
        var country = PricingSetup.NewCountry();
        var product = await app.ProductAsync(25.00m);
        var method = await app.ShippingMethodAsync(country, 6.00m, name: "Courier");
        await app.TaxRatesAsync(new { country, taxClass = "standard", rate = 0.10m });
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 5m });
        using var customer = app.Customer(out var userId);
        var addressId = app.Neighbours.SaveAddress(userId, country, region: "East", name: "Grace Hopper");

        var response = await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 2)), shippingAddressId = addressId, shippingMethodId = method, couponCode = coupon.Code, paymentMethodId = "pm_card_visa" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadAsync<PricedOrderBody>();
        // 2 x 25.00 = 50.00 - 5.00 = 45.00, tax 4.50; shipping 6.00, tax 0.60. Total 50 - 5 + 6 + 5.10 = 56.10.
        Assert.Equal((50.00m, 5.00m, 6.00m, 5.10m, 56.10m), (order.Subtotal, order.DiscountTotal, order.ShippingPrice, order.TaxTotal, order.TotalPrice));
        Assert.Equal(new MethodRefBody(method, "Courier"), order.ShippingMethod);
        Assert.Equal([new DiscountBody(coupon.Code, 5.00m)], order.Discounts);
        Assert.Equal(new PricedAddressBody("Grace Hopper", "Arlington", country, "East", "+1 555 0100"), order.ShippingAddress);

        // The method and the coupon change afterwards; the order keeps what it was placed with.
        using (var admin = app.Admin())
        {
            await admin.DeleteAsync($"/api/shipping/methods/{method}", OrderingApp.Cancellation);
            await admin.DeleteAsync($"/api/promotions/{coupon.Id}", OrderingApp.Cancellation);
        }

        var read = await customer.GetFromJsonAsync<PricedOrderBody>($"/api/orders/{order.Id}", OrderingApp.Cancellation);
        Assert.Equal((order.TotalPrice, order.ShippingMethod, order.Discounts.Single()), (read!.TotalPrice, read.ShippingMethod, read.Discounts.Single()));

        var placed = Assert.Single(await app.EventsAsync<OrderPlaced>(e => e.OrderId == order.Id));
        Assert.Equal(56.10m, placed.TotalPrice);
        await app.HandledAsync(SagaSteps.Reserved(await customer.OrderAsync(order.Id)));
        var awaiting = Assert.Single(await app.EventsAsync<OrderAwaitingPayment>(e => e.OrderId == order.Id));
        // What Payments keeps as the amount to charge is read from this event.
        Assert.Equal(56.10m, PayableOrder.From(awaiting, DateTimeOffset.UtcNow).Total);
    }

    [Fact]
    public async Task PlaceOrder_UnknownOrSomeoneElsesAddressId_Returns400()
    {
        var product = await app.ProductAsync(1m);
        using var customer = app.Customer();
        var someoneElses = app.Neighbours.SaveAddress(Guid.NewGuid(), "US");

        await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddressId = Guid.NewGuid() })).ErrorsAsync("shippingAddressId");
        await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddressId = someoneElses })).ErrorsAsync("shippingAddressId");
        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<OrderBody>>("/api/orders", OrderingApp.Cancellation))!.TotalCount);
    }

    [Fact]
    public async Task PlaceOrder_FreeShippingCouponOverAFreeThreshold_ChargesNoShipping()
    {
        var country = PricingSetup.NewCountry();
        var product = await app.ProductAsync(30.00m);
        var method = await app.ShippingMethodAsync(country, 7.00m, freeOver: 100m);
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "free_shipping" });
        using var customer = app.Customer();

        var free = await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = PricingSetup.Address(country), shippingMethodId = method, couponCode = coupon.Code })).ReadAsync<PricedOrderBody>();
        var over = await (await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 4)), shippingAddress = PricingSetup.Address(country), shippingMethodId = method })).ReadAsync<PricedOrderBody>();

        Assert.Equal((0m, 30.00m, 7.00m), (free.ShippingPrice, free.TotalPrice, free.Discounts.Single().Amount));
        Assert.Equal((0m, 120.00m), (over.ShippingPrice, over.TotalPrice));
    }
}
