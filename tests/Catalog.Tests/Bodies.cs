using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Catalog.Tests;

public sealed record RatingBody(decimal Average, int Count);

public sealed record ProductBody(
    Guid Id,
    string Sku,
    string Name,
    string Description,
    Guid CategoryId,
    string CategoryName,
    decimal Price,
    string Currency,
    List<string> Tags,
    List<string> Images,
    Dictionary<string, string> Attributes,
    Guid? VendorId,
    RatingBody Rating,
    string StockStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record CategoryBody(Guid Id, string Name, string Slug, Guid? ParentId, int ProductCount);

public sealed record LookupItemBody(Guid Id, string Sku, string Name, decimal Price, string Currency, string StockStatus, bool Archived);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

public static class HttpExtensions
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Token))!;

    public static async Task<PagedBody<ProductBody>> ListAsync(this HttpClient client, string query) =>
        (await client.GetFromJsonAsync<PagedBody<ProductBody>>($"/api/products?{query}", Token))!;

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone();
}
