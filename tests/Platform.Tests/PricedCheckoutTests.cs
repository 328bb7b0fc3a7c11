using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>
/// A signed-in shopper checks out from the cart with a saved address, a shipping method, tax and
/// a coupon, through the gateway: the quote, the order, the charge and the mail agree to the cent.
/// Malta (MT) is this test's own destination: its methods and rates touch no other test's orders.
/// </summary>
public sealed class PricedCheckoutTests(RunningPlatform platform)
{
    [Fact]
    public async Task SavedAddress_Shipping_Tax_Coupon_QuoteEqualsTheOrder_PaidTheTotal_Mailed()
    {
        using var admin = await Shop.AdminAsync(platform);
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var lamp = await ProductAsync(admin, "Priced Lamp", 12.50m, "standard", suffix + "A");
        var book = await ProductAsync(admin, "Priced Book", 8.00m, "reduced", suffix + "B");
        await Checkout.StockedAsync(admin, lamp, 5);
        await Checkout.StockedAsync(admin, book, 5);
        (await admin.PutAsJsonAsync("/api/tax/rates", new[]
        {
            new { country = "MT", taxClass = "standard", rate = 0.18m },
            new { country = "MT", taxClass = "reduced", rate = 0.05m },
        })).EnsureSuccessStatusCode();
        var method = await CreatedIdAsync(admin, "/api/shipping/methods", new { name = $"Island post {suffix}", countries = new[] { "MT" }, price = 4.99m, freeOver = 100m, estimatedDays = new { min = 2, max = 4 } });
        var code = $"TEN{suffix}";
        await CreatedIdAsync(admin, "/api/promotions", new { code, kind = "percent", value = 10m, usageLimit = 5 });

        var (customer, _) = await Shop.NewCustomerAsync(platform, "Marta Priced");
        using var _c = customer;
        var email = (await Shop.GetJsonAsync(customer, "/api/users/me")).GetProperty("email").GetString()!;
        var address = await CreatedIdAsync(customer, "/api/users/me/addresses", new { label = "Home", name = "Marta Priced", line1 = "3 Triq il-Kbira", city = "Valletta", postalCode = "VLT 1010", country = "MT" });
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = lamp, quantity = 2 })).EnsureSuccessStatusCode();
        (await customer.PostAsJsonAsync("/api/cart/items", new { productId = book, quantity = 1 })).EnsureSuccessStatusCode();

        using var quoted = await customer.PostAsJsonAsync("/api/checkout/quote", new { fromCart = true, shippingAddressId = address, shippingMethodId = method, couponCode = code.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.OK, quoted.StatusCode);
        var quote = await quoted.Content.ReadFromJsonAsync<JsonElement>();
        // Subtotal 2 x 12.50 + 8.00 = 33.00; 10% = 3.30, spread 2.50 (lamps) + 0.80 (book).
        // Tax: (25.00 - 2.50) x 18% = 4.05; (8.00 - 0.80) x 5% = 0.36; shipping 4.99 x 18% = 0.8982 -> 0.90.
        // Total 33.00 - 3.30 + 4.99 + 5.31 = 40.00.
        Assert.Equal((33.00m, 3.30m, 4.99m, 5.31m, 40.00m), Totals(quote));

        using var placed = await customer.PostAsJsonAsync("/api/cart/checkout", new { shippingAddressId = address, shippingMethodId = method, couponCode = code, paymentMethodId = "pm_card_visa" });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        var order = await Checkout.WaitForStatusAsync(customer, orderId, "paid", TimeSpan.FromSeconds(60));

        Assert.Equal(Totals(quote), Totals(order));
        Assert.Equal(("Valletta", "MT"), (order.GetProperty("shippingAddress").GetProperty("city").GetString(), order.GetProperty("shippingAddress").GetProperty("country").GetString()));
        Assert.Equal(method, order.GetProperty("shippingMethod").GetProperty("id").GetGuid());
        Assert.Equal(3.30m, Assert.Single(order.GetProperty("discounts").EnumerateArray()).GetProperty("amount").GetDecimal());
        var payments = await Shop.GetJsonAsync(customer, $"/api/payments/order/{orderId}");
        Assert.Equal(40.00m, payments.GetProperty("payments").EnumerateArray().Single(p => p.GetProperty("status").GetString() == "succeeded").GetProperty("amount").GetDecimal());
        var promotion = (await Shop.GetJsonAsync(admin, "/api/promotions")).EnumerateArray().Single(p => p.GetProperty("code").GetString() == code);
        Assert.Equal(1, promotion.GetProperty("timesUsed").GetInt32());
        var mail = await platform.Mail.WaitForMailAsync(email, "is confirmed", TimeSpan.FromSeconds(30));
        Assert.Contains("Total paid: 40.00", mail.Text);
    }

    private static (decimal, decimal, decimal, decimal, decimal) Totals(JsonElement priced) => (
        priced.GetProperty("subtotal").GetDecimal(),
        priced.GetProperty("discountTotal").GetDecimal(),
        priced.GetProperty("shippingPrice").GetDecimal(),
        priced.GetProperty("taxTotal").GetDecimal(),
        priced.GetProperty("totalPrice").GetDecimal());

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ProductAsync(HttpClient admin, string name, decimal price, string taxClass, string sku)
    {
        var category = await CreatedIdAsync(admin, "/api/categories", new { name = $"Priced {sku}", slug = $"priced-{sku.ToLowerInvariant()}" });
        return await CreatedIdAsync(admin, "/api/products", new
        {
            sku = $"SKU-{sku}",
            name,
            description = $"{name}, priced with tax.",
            categoryId = category,
            price,
            currency = "USD",
            taxClass,
            initialStock = 5,
        });
    }
}
