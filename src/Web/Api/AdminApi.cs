using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

/// <summary>What an administrator does: analytics, products, stock and order fulfilment.</summary>
public sealed class AdminApi(HttpClient http, UserSession session) : GatewayApi(http, session)
{
    public Task<ApiResult<Sales>> SalesAsync(DateTimeOffset from, DateTimeOffset to, string interval) =>
        GetAsync<Sales>($"/api/analytics/sales?from={Iso(from)}&to={Iso(to)}&interval={interval}");

    public Task<ApiResult<UserActivity>> UserActivityAsync(DateTimeOffset from, DateTimeOffset to, string interval) =>
        GetAsync<UserActivity>($"/api/analytics/user-activity?from={Iso(from)}&to={Iso(to)}&interval={interval}");

    public Task<ApiResult<Paged<StockLevel>>> LowStockAsync() => GetAsync<Paged<StockLevel>>("/api/inventory/low-stock?pageSize=50");

    public Task<ApiResult<StockLevel>> StockAsync(Guid productId) => GetAsync<StockLevel>($"/api/inventory/{productId}");

    public Task<ApiResult<StockLevel>> SetStockAsync(Guid productId, int onHand, int? lowStockThreshold) =>
        PutAsync<StockLevel>($"/api/inventory/{productId}", new { onHand, lowStockThreshold });

    public Task<ApiResult<Product>> CreateProductAsync(ProductDraft draft) =>
        PostAsync<Product>("/api/products", new
        {
            draft.Sku, draft.Name, draft.Description, draft.CategoryId, draft.Price, currency = "USD",
            tags = Array.Empty<string>(), initialStock = draft.InitialStock,
        });

    /// <summary>The contract's PUT replaces every editable field, so the rest is sent back unchanged.</summary>
    public Task<ApiResult<Product>> SetPriceAsync(Product product, decimal price) =>
        PutAsync<Product>($"/api/products/{product.Id}", new
        {
            product.Sku, product.Name, product.Description, product.CategoryId, price, product.Currency,
            product.Tags, product.Images, product.Attributes,
        });

    public Task<ApiResult<Paged<Order>>> OrdersAsync(int page, string? status) =>
        GetAsync<Paged<Order>>($"/api/orders?page={page}&pageSize=20" + (string.IsNullOrEmpty(status) ? "" : "&status=" + status));

    public Task<ApiResult<Order>> SetStatusAsync(Guid orderId, string status, string? trackingNumber, string? carrier) =>
        PutAsync<Order>($"/api/orders/{orderId}/status", new
        {
            status,
            trackingNumber = string.IsNullOrWhiteSpace(trackingNumber) ? null : trackingNumber,
            carrier = string.IsNullOrWhiteSpace(carrier) ? null : carrier,
        });

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
}

/// <summary>The admin's new-product form.</summary>
public sealed class ProductDraft
{
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid? CategoryId { get; set; }
    public decimal Price { get; set; }
    public int InitialStock { get; set; }
}
