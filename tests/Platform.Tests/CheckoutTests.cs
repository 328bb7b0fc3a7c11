using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>The checkout saga across Cart, Ordering, Inventory and Payments, over the gateway.</summary>
public sealed class CheckoutTests(RunningPlatform platform)
{
    [Fact]
    public async Task CartCheckout_WithVisa_OrderIsPaidStockSoldAndCartEmptied()
    {
        using var admin = await Shop.AdminAsync(platform);
        var lamp = await Shop.CreateProductAsync(admin, "Saga Lamp", 20m, stock: 10);
        var shade = await Shop.CreateProductAsync(admin, "Saga Shade", 5.5m, stock: 10);
        await Checkout.StockedAsync(admin, lamp, 10);
        await Checkout.StockedAsync(admin, shade, 10);
        var (customer, _) = await Shop.NewCustomerAsync(platform);
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = lamp, quantity = 2 })).EnsureSuccessStatusCode();
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = shade, quantity = 1 })).EnsureSuccessStatusCode();

        using var checkout = await customer.PostAsJsonAsync("/api/cart/checkout", new { shippingAddress = Checkout.Address, paymentMethodId = "pm_card_visa" });

        Assert.Equal(HttpStatusCode.Accepted, checkout.StatusCode);
        var orderId = (await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        var order = await Checkout.WaitForStatusAsync(customer, orderId, "paid");
        Assert.Equal(45.5m, order.GetProperty("totalPrice").GetDecimal());
        Assert.Equal(8, await Checkout.AvailableAsync(admin, lamp));
        Assert.Equal(9, await Checkout.AvailableAsync(admin, shade));
        var cart = await Shop.GetJsonAsync(customer, "/api/cart");
        Assert.Equal(0, cart.GetProperty("itemCount").GetInt32());
    }

    [Fact]
    public async Task DeclinedCard_LeavesOrderPayableWithTheError_ThenVisaPaysIt()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Kettle", 30m, stock: 5);
        await Checkout.StockedAsync(admin, product, 5);
        var (customer, _) = await Shop.NewCustomerAsync(platform);

        var orderId = await Checkout.PlaceOrderAsync(customer, product, 1, "pm_card_chargeDeclined");

        JsonElement order = default;
        await Bazaar.TestSupport.Eventually.HoldsAsync(async () =>
            (order = await Checkout.OrderAsync(customer, orderId)).TryGetProperty("lastPaymentError", out var error) && error.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(30), "the declined payment recorded on the order");
        Assert.Equal("awaiting_payment", Checkout.Status(order));

        using var retry = await customer.PostAsJsonAsync("/api/payments", new { orderId, paymentMethodId = "pm_card_visa" });
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        await Checkout.WaitForStatusAsync(customer, orderId, "paid");
    }

    [Fact]
    public async Task SameCheckoutTwiceWithOneKey_OneOrderOneCharge_AndAnotherBodyIs422()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Chair", 60m, stock: 5);
        await Checkout.StockedAsync(admin, product, 5);
        var (customer, _) = await Shop.NewCustomerAsync(platform);
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = product, quantity = 1 })).EnsureSuccessStatusCode();
        var key = $"checkout-{Guid.NewGuid():N}";

        var first = await CheckoutWithKeyAsync(customer, key, "pm_card_visa");
        var second = await CheckoutWithKeyAsync(customer, key, "pm_card_visa");
        var other = await CheckoutWithKeyAsync(customer, key, "pm_card_chargeDeclined");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(first.OrderId, second.OrderId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        await Checkout.WaitForStatusAsync(customer, first.OrderId!.Value, "paid");
        var payments = await Shop.GetJsonAsync(customer, $"/api/payments/order/{first.OrderId}");
        Assert.Equal(1, CountSucceeded(payments));
        var mine = await Shop.GetJsonAsync(customer, "/api/orders");
        Assert.Equal(1, mine.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task ThirtyBuyersRaceForTenUnits_ExactlyTenPaidTheRestCancelledForStock()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Limited Print", 99m, stock: 10);
        await Checkout.StockedAsync(admin, product, 10);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Shop.NewCustomerAsync(platform)));

        var orders = await Task.WhenAll(buyers.Select(b => Checkout.PlaceOrderAsync(b.Client, product, 1, "pm_card_visa")));

        var final = new List<JsonElement>();
        foreach (var (orderId, buyer) in orders.Zip(buyers))
        {
            JsonElement order = default;
            await Bazaar.TestSupport.Eventually.HoldsAsync(async () =>
                Checkout.Status(order = await Checkout.OrderAsync(buyer.Client, orderId)) is "paid" or "cancelled",
                TimeSpan.FromSeconds(60), $"order {orderId} settled");
            final.Add(order);
        }

        Assert.Equal(10, final.Count(o => Checkout.Status(o) == "paid"));
        Assert.All(final.Where(o => Checkout.Status(o) == "cancelled"), o => Assert.Equal("insufficient_stock", o.GetProperty("cancellationReason").GetString()));
        Assert.Equal(0, await Checkout.AvailableAsync(admin, product));
    }

    [Fact]
    public async Task UnpaidOrder_IsCancelledWhenTheReservationExpiresAndItsStockReturns()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Vase", 15m, stock: 4);
        await Checkout.StockedAsync(admin, product, 4);
        var (customer, _) = await Shop.NewCustomerAsync(platform);

        var orderId = await Checkout.PlaceOrderAsync(customer, product, 3, paymentMethodId: null);
        await Checkout.WaitForStatusAsync(customer, orderId, "awaiting_payment");
        Assert.Equal(1, await Checkout.AvailableAsync(admin, product));

        var cancelled = await Checkout.WaitForStatusAsync(customer, orderId, "cancelled", TimeSpan.FromSeconds(120));
        Assert.Equal("payment_timeout", cancelled.GetProperty("cancellationReason").GetString());
        await Checkout.StockedAsync(admin, product, 4);
    }

    [Fact]
    public async Task CancellingAPaidOrder_RefundsItAndReturnsTheStock()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Rug", 80m, stock: 3);
        await Checkout.StockedAsync(admin, product, 3);
        var (customer, _) = await Shop.NewCustomerAsync(platform);
        var orderId = await Checkout.PlaceOrderAsync(customer, product, 2, "pm_card_visa");
        await Checkout.WaitForStatusAsync(customer, orderId, "paid");

        using var cancel = await customer.PostAsync($"/api/orders/{orderId}/cancel", null);

        Assert.True(cancel.IsSuccessStatusCode, $"cancel answered {(int)cancel.StatusCode}");
        await Checkout.WaitForStatusAsync(customer, orderId, "refunded");
        await Checkout.StockedAsync(admin, product, 3);
    }

    [Fact]
    public async Task AnotherUsersOrderAndPayment_Are404_AndACustomerCannotSetStatus()
    {
        using var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, "Saga Clock", 12m, stock: 3);
        await Checkout.StockedAsync(admin, product, 3);
        var (owner, _) = await Shop.NewCustomerAsync(platform);
        var (stranger, _) = await Shop.NewCustomerAsync(platform);
        var orderId = await Checkout.PlaceOrderAsync(owner, product, 1, "pm_card_visa");
        await Checkout.WaitForStatusAsync(owner, orderId, "paid");
        var payments = await Shop.GetJsonAsync(owner, $"/api/payments/order/{orderId}");
        var paymentId = payments.GetProperty("payments").EnumerateArray().First().GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/payments/{paymentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);
        using var setStatus = await owner.PutAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" });
        Assert.Equal(HttpStatusCode.Forbidden, setStatus.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, Guid? OrderId)> CheckoutWithKeyAsync(HttpClient customer, string key, string paymentMethodId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = Checkout.Address, paymentMethodId }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await customer.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Accepted
            ? (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid())
            : (response.StatusCode, null);
    }

    private static int CountSucceeded(JsonElement payments)
    {
        var list = payments.ValueKind == JsonValueKind.Array ? payments : payments.GetProperty("payments");
        return list.EnumerateArray().Count(p => p.GetProperty("status").GetString() is "succeeded" or "refunded" or "partially_refunded");
    }
}
