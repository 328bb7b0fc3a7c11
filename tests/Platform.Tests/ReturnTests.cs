using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>
/// After the sale, through the gateway: a shopper buys, an admin delivers, the shopper returns part
/// of it, the admin approves and receives it with restock; Payments refunds the lines' share of the
/// charge, the order becomes partially_refunded, and the units are back in stock.
/// </summary>
public sealed class ReturnTests(RunningPlatform platform)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Buy_Deliver_Return_Approve_ReceiveWithRestock_RefundedPartlyAndBackInStock()
    {
        using var admin = await Shop.AdminAsync(platform);
        var lamp = await Shop.CreateProductAsync(admin, "Returnable Lamp", 10.00m, 5);
        await Checkout.StockedAsync(admin, lamp, 5);
        var (customer, _) = await Shop.NewCustomerAsync(platform, "Rita Returns");
        using var _c = customer;
        var orderId = await Checkout.PlaceOrderAsync(customer, lamp, 3, "pm_card_visa");
        await Checkout.WaitForStatusAsync(customer, orderId, "paid", Timeout);
        foreach (var status in new[] { "processing", "shipped", "delivered" })
        {
            (await admin.PutAsJsonAsync($"/api/orders/{orderId}/status", new { status })).EnsureSuccessStatusCode();
        }

        var order = await Checkout.OrderAsync(customer, orderId);
        var line = order.GetProperty("items")[0];
        var paid = (line.GetProperty("unitPrice").GetDecimal() * 3) - line.GetProperty("discount").GetDecimal() + line.GetProperty("tax").GetDecimal();
        // Two of three units: two thirds of what the line was paid, to the cent (30.00 -> 20.00 when untaxed).
        var expected = decimal.Round(paid * 2 / 3, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(2, await Checkout.AvailableAsync(admin, lamp));

        using var requested = await customer.PostAsJsonAsync($"/api/orders/{orderId}/returns", new { items = new[] { new { productId = lamp, quantity = 2, reason = "Too bright" } } });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var returnId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var queue = await Shop.GetJsonAsync(admin, "/api/returns?status=requested&pageSize=100");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == returnId);
        (await admin.PutAsJsonAsync($"/api/returns/{returnId}/status", new { status = "approved" })).EnsureSuccessStatusCode();
        using var received = await admin.PutAsJsonAsync($"/api/returns/{returnId}/status", new { status = "received", restock = true });

        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal(expected, (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundAmount").GetDecimal());
        var refunded = await Checkout.WaitForStatusAsync(customer, orderId, "partially_refunded", Timeout);
        Assert.Equal(expected, refunded.GetProperty("refundedAmount").GetDecimal());
        var payment = (await Shop.GetJsonAsync(customer, $"/api/payments/order/{orderId}")).GetProperty("payments").EnumerateArray()
            .Single(p => p.GetProperty("status").GetString() == "partially_refunded");
        Assert.Equal(expected, payment.GetProperty("refundedAmount").GetDecimal());
        await Eventually.HoldsAsync(async () => await Checkout.AvailableAsync(admin, lamp) == 4, Timeout, "the two returned lamps back in stock");
        Assert.Equal("received", (await Shop.GetJsonAsync(customer, $"/api/returns/{returnId}")).GetProperty("status").GetString());
    }
}
