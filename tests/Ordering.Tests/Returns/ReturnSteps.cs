using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Ordering.Tests.Returns;

public sealed record ReturnItemBody(Guid ProductId, Guid? VariantId, int Quantity, string Reason, decimal? RefundAmount);

public sealed record ReturnBody(
    Guid Id, Guid OrderId, Guid UserId, string Status, List<ReturnItemBody> Items, decimal? RefundAmount, decimal ShippingRefund, bool Restock, DateTimeOffset CreatedAt);

/// <summary>Orders brought to delivery by an admin, and returns asked for and decided.</summary>
public static class ReturnSteps
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    public static async Task<OrderBody> DeliveredAsync(this OrderingApp app, OrderBody paid)
    {
        using var admin = app.Admin();
        foreach (var status in new[] { "processing", "shipped", "delivered" })
        {
            (await admin.PutAsJsonAsync($"/api/orders/{paid.Id}/status", new { status }, Token)).EnsureSuccessStatusCode();
        }

        return await admin.OrderAsync(paid.Id);
    }

    public static object Body(params (Guid ProductId, int Quantity)[] lines) =>
        new { items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity, reason = "Too small" }) };

    public static Task<HttpResponseMessage> RequestReturnAsync(this HttpClient client, Guid orderId, params (Guid ProductId, int Quantity)[] lines) =>
        client.PostAsJsonAsync($"/api/orders/{orderId}/returns", Body(lines), Token);

    /// <summary>Asks for a return and expects 201.</summary>
    public static async Task<ReturnBody> ReturnAsync(this HttpClient client, Guid orderId, params (Guid ProductId, int Quantity)[] lines)
    {
        var response = await client.RequestReturnAsync(orderId, lines);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<ReturnBody>();
    }

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient admin, Guid returnId, string status, bool? restock = null) =>
        admin.PutAsJsonAsync<object>($"/api/returns/{returnId}/status", restock is null ? new { status } : new { status, restock }, Token);

    /// <summary>Approves and receives a return; the admin's answer.</summary>
    public static async Task<ReturnBody> ReceiveAsync(this HttpClient admin, Guid returnId, bool restock = true)
    {
        (await admin.DecideAsync(returnId, "approved")).EnsureSuccessStatusCode();
        var received = await admin.DecideAsync(returnId, "received", restock);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        return await received.ReadAsync<ReturnBody>();
    }
}
