using System.Net.Http.Json;

namespace Bazaar.Ordering.Tests;

public sealed record ItemBody(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice);

public sealed record HistoryBody(string Status, DateTimeOffset At);

public sealed record ShipmentBody(string Carrier, string TrackingNumber, DateTimeOffset ShippedAt);

public sealed record PaymentErrorBody(string Code, string Message, DateTimeOffset At);

public sealed record OrderBody(
    Guid Id,
    Guid UserId,
    string Status,
    List<ItemBody> Items,
    decimal TotalPrice,
    string Currency,
    DateTimeOffset CreatedAt,
    List<HistoryBody> StatusHistory,
    ShipmentBody? Shipment,
    PaymentErrorBody? LastPaymentError,
    string? CancellationReason);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

public static class OrderRequests
{
    public static readonly object Address = new { name = "Ada Lovelace", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    public static object Body(params (Guid ProductId, int Quantity)[] lines) =>
        new { items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }), shippingAddress = Address, paymentMethodId = "pm_card_visa" };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(OrderingApp.Cancellation))!;

    /// <summary>Places an order and returns it (201 expected).</summary>
    public static async Task<OrderBody> PlaceAsync(this HttpClient client, params (Guid ProductId, int Quantity)[] lines)
    {
        var response = await client.PostAsJsonAsync("/api/orders", Body(lines), OrderingApp.Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<OrderBody>();
    }

    public static async Task<OrderBody> OrderAsync(this HttpClient client, Guid orderId) =>
        (await client.GetFromJsonAsync<OrderBody>($"/api/orders/{orderId}", OrderingApp.Cancellation))!;
}
