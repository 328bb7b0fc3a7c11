using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;

namespace Bazaar.Platform.Tests;

/// <summary>Steps of the checkout as a shopper and an operator see them.</summary>
internal static class Checkout
{
    public static readonly object Address = new { name = "Ada Buyer", line1 = "1 Market Street", city = "Tirana", postalCode = "1001", country = "AL" };

    /// <summary>Waits until Inventory holds what Catalog told it (the product is buyable).</summary>
    public static Task StockedAsync(HttpClient admin, Guid productId, int available) =>
        Eventually.HoldsAsync(async () => await AvailableAsync(admin, productId) == available, TimeSpan.FromSeconds(30), $"{available} units of {productId} in Inventory");

    public static async Task<int?> AvailableAsync(HttpClient client, Guid productId)
    {
        using var response = await client.GetAsync($"/api/inventory/{productId}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetInt32() : null;
    }

    public static async Task<Guid> PlaceOrderAsync(HttpClient customer, Guid productId, int quantity, string? paymentMethodId)
    {
        using var placed = await customer.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId, quantity } }, shippingAddress = Address, paymentMethodId });
        placed.EnsureSuccessStatusCode();
        return (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<JsonElement> OrderAsync(HttpClient client, Guid orderId) => Shop.GetJsonAsync(client, $"/api/orders/{orderId}");

    /// <summary>Waits until the order reaches <paramref name="status"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid orderId, string status, TimeSpan? timeout = null)
    {
        JsonElement order = default;
        await Eventually.HoldsAsync(
            async () => (order = await OrderAsync(client, orderId)).GetProperty("status").GetString() == status,
            timeout ?? TimeSpan.FromSeconds(30),
            () => $"order {orderId} {status} (last seen: {(order.ValueKind == JsonValueKind.Object ? order.ToString() : "nothing")})");
        return order;
    }

    public static string Status(JsonElement order) => order.GetProperty("status").GetString()!;
}
