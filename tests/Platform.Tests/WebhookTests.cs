using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>An integrator's ERP hears of a paid order: an admin subscribes a receiver through the gateway, a shopper pays.</summary>
public sealed class WebhookTests(RunningPlatform platform)
{
    [Fact]
    public async Task PaidOrder_ReceiverSubscribedToOrderPaid_GetsTheOrderSignedWithItsSecret()
    {
        using var admin = await Shop.AdminAsync(platform);
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl();
        using var subscribed = await admin.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "OrderPaid" }, description = "ERP" });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var webhook = await subscribed.Content.ReadFromJsonAsync<JsonElement>();
        var (webhookId, secret) = (webhook.GetProperty("id").GetGuid(), webhook.GetProperty("secret").GetString()!);
        var productId = await Shop.CreateProductAsync(admin, "Webhook Kettle", 21.00m, stock: 3);
        await Checkout.StockedAsync(admin, productId, 3);
        var (customer, _) = await Shop.NewCustomerAsync(platform, "Erin Webhook");
        using var _c = customer;

        var orderId = await Checkout.PlaceOrderAsync(customer, productId, 2, "pm_card_visa");
        await Checkout.WaitForStatusAsync(customer, orderId, "paid", TimeSpan.FromSeconds(60));

        ReceivedWebhook? received = null;
        await Eventually.HoldsAsync(
            () => Task.FromResult((received = receiver.At(url).FirstOrDefault(r => DataOf(r).GetProperty("orderId").GetGuid() == orderId)) is not null),
            TimeSpan.FromSeconds(30),
            $"OrderPaid of {orderId} at the receiver");
        Assert.True(received!.SignedWith(secret), $"the signature {received.Signature} verifies with the subscription's secret");
        Assert.Equal("OrderPaid", JsonDocument.Parse(received.Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(42.00m, DataOf(received).GetProperty("totalPrice").GetDecimal());
        // The receiver answers before the attempt is recorded.
        await Eventually.HoldsAsync(
            async () => (await Shop.GetJsonAsync(admin, $"/api/webhooks/{webhookId}/deliveries")).GetProperty("items").EnumerateArray()
                .Any(d => d.GetProperty("status").GetString() == "delivered" && d.GetProperty("type").GetString() == "OrderPaid"),
            TimeSpan.FromSeconds(30),
            "the OrderPaid delivery recorded as delivered");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{webhookId}")).StatusCode);
    }

    private static JsonElement DataOf(ReceivedWebhook received) => JsonDocument.Parse(received.Body).RootElement.GetProperty("data");
}
