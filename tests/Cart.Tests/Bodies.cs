using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Cart.Tests;

public sealed record ProductBody(Guid Id, string Sku, string Name, decimal Price, string Currency, Guid CategoryId);

public sealed record CartItemBody(
    Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal, string Currency, string? StockStatus, bool Available, string? UnavailableReason);

public sealed record CartBody(List<CartItemBody> Items, int ItemCount, decimal TotalPrice, string Currency);

public sealed record LineBody(Guid ProductId, int Quantity);

public sealed record CheckoutBody(Guid OrderId, string Status);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

public static class HttpExtensions
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Token))!;

    public static async Task<CartBody> GetCartAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/api/cart", Token);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<CartBody>();
    }

    public static Task<HttpResponseMessage> AddAsync(this HttpClient client, Guid productId, int quantity) =>
        client.PostAsJsonAsync("/api/cart/items", new { productId, quantity }, Token);

    public static async Task AddOkAsync(this HttpClient client, Guid productId, int quantity)
    {
        using var response = await client.AddAsync(productId, quantity);
        response.EnsureSuccessStatusCode();
    }

    public static Task<HttpResponseMessage> CheckoutAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request, Token);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone();
}
