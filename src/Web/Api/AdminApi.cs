using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

/// <summary>What an administrator (and, for their own products, a vendor) does: analytics, catalog, stock, orders, refunds, reviews, users.</summary>
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

    /// <summary>A correction to a new on-hand count; Inventory records the reason with the ledger line.</summary>
    public Task<ApiResult<StockLevel>> AdjustStockAsync(Guid productId, int onHand, string reason) =>
        PutAsync<StockLevel>($"/api/inventory/{productId}", new { onHand, reason });

    public Task<ApiResult<Product>> CreateProductAsync(ProductDraft draft) =>
        PostAsync<Product>("/api/products", new
        {
            draft.Sku, draft.Name, draft.Description, draft.CategoryId, draft.Price, currency = "USD",
            tags = Array.Empty<string>(), initialStock = draft.InitialStock, draft.TaxClass,
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

    public Task<ApiResult<Category>> CreateCategoryAsync(CategoryDraft draft) =>
        PostAsync<Category>("/api/categories", CategoryBody(draft));

    public Task<ApiResult<Category>> UpdateCategoryAsync(Guid id, CategoryDraft draft) =>
        PutAsync<Category>($"/api/categories/{id}", CategoryBody(draft));

    public Task<ApiResult<object>> DeleteCategoryAsync(Guid id) => DeleteAsync<object>($"/api/categories/{id}");

    /// <summary>The products an operator manages: every one for an admin, a vendor's own when <paramref name="vendorId"/> is given.</summary>
    public Task<ApiResult<Paged<Product>>> ProductsAsync(string? q, Guid? vendorId, int page)
    {
        var query = $"/api/products?page={page}&pageSize=20&sort={(string.IsNullOrWhiteSpace(q) ? "-createdAt" : "relevance")}";
        if (!string.IsNullOrWhiteSpace(q))
        {
            query += "&q=" + Uri.EscapeDataString(q.Trim());
        }

        if (vendorId is { } vendor)
        {
            query += "&vendorId=" + vendor;
        }

        return GetAsync<Paged<Product>>(query);
    }

    /// <summary>Images and attributes are not edited here, so the current ones go back unchanged.</summary>
    public Task<ApiResult<Product>> UpdateProductAsync(Product current, ProductEdit edit) =>
        PutAsync<Product>($"/api/products/{current.Id}", new
        {
            edit.Sku, edit.Name, edit.Description, edit.CategoryId, edit.Price, current.Currency,
            tags = edit.TagList(), current.Images, current.Attributes, edit.TaxClass,
        });

    public Task<ApiResult<object>> ArchiveProductAsync(Guid id) => DeleteAsync<object>($"/api/products/{id}");

    public Task<ApiResult<StockReport>> StockReportAsync(DateTimeOffset from, DateTimeOffset to) =>
        GetAsync<StockReport>($"/api/inventory/report?from={Iso(from)}&to={Iso(to)}");

    public Task<ApiResult<Paged<StockMovement>>> MovementsAsync(Guid productId) =>
        GetAsync<Paged<StockMovement>>($"/api/inventory/{productId}/movements?page=1&pageSize=10");

    public Task<ApiResult<OrderPayments>> OrderPaymentsAsync(Guid orderId) => GetAsync<OrderPayments>($"/api/payments/order/{orderId}");

    /// <summary>Without an amount, all that is left. The key makes a double click one refund.</summary>
    public Task<ApiResult<OrderPayment>> RefundAsync(Guid paymentId, decimal? amount, string reason, string idempotencyKey) =>
        PostAsync<OrderPayment>($"/api/payments/{paymentId}/refund", new { amount, reason }, idempotencyKey: idempotencyKey);

    public Task<ApiResult<object>> CancelOrderAsync(Guid orderId) => PostAsync<object>($"/api/orders/{orderId}/cancel", null);

    public Task<ApiResult<Paged<ModeratedReview>>> PendingReviewsAsync(int page) =>
        GetAsync<Paged<ModeratedReview>>($"/api/reviews/pending?page={page}&pageSize=20");

    public Task<ApiResult<ModeratedReview>> ModerateAsync(Guid reviewId, string status) =>
        PutAsync<ModeratedReview>($"/api/reviews/{reviewId}/moderation", new { status });

    public Task<ApiResult<Paged<UserAccount>>> UsersAsync(string? q, int page) =>
        GetAsync<Paged<UserAccount>>($"/api/users?page={page}&pageSize=20" + (string.IsNullOrWhiteSpace(q) ? "" : "&q=" + Uri.EscapeDataString(q.Trim())));

    public Task<ApiResult<UserAccount>> SetRolesAsync(Guid userId, IEnumerable<string> roles) =>
        PutAsync<UserAccount>($"/api/users/{userId}/roles", new { roles });

    public Task<ApiResult<List<ShippingMethodEntry>>> ShippingMethodsAsync() => GetAsync<List<ShippingMethodEntry>>("/api/shipping/methods");

    public Task<ApiResult<ShippingMethodEntry>> CreateShippingMethodAsync(ShippingMethodForm form) =>
        PostAsync<ShippingMethodEntry>("/api/shipping/methods", form.Body());

    public Task<ApiResult<ShippingMethodEntry>> UpdateShippingMethodAsync(Guid id, ShippingMethodForm form) =>
        PutAsync<ShippingMethodEntry>($"/api/shipping/methods/{id}", form.Body());

    public Task<ApiResult<object>> DeleteShippingMethodAsync(Guid id) => DeleteAsync<object>($"/api/shipping/methods/{id}");

    public Task<ApiResult<List<TaxRateEntry>>> TaxRatesAsync() => GetAsync<List<TaxRateEntry>>("/api/tax/rates");

    /// <summary>The whole table: rows left out are removed. Errors are keyed by the row's index in <paramref name="rows"/>.</summary>
    public Task<ApiResult<List<TaxRateEntry>>> ReplaceTaxRatesAsync(IEnumerable<TaxRateForm> rows) =>
        PutAsync<List<TaxRateEntry>>("/api/tax/rates", rows.Select(r => r.Body()).ToList());

    public Task<ApiResult<List<PromotionEntry>>> PromotionsAsync() => GetAsync<List<PromotionEntry>>("/api/promotions");

    public Task<ApiResult<PromotionEntry>> CreatePromotionAsync(PromotionForm form) => PostAsync<PromotionEntry>("/api/promotions", form.Body());

    public Task<ApiResult<PromotionEntry>> UpdatePromotionAsync(Guid id, PromotionForm form) => PutAsync<PromotionEntry>($"/api/promotions/{id}", form.Body());

    public Task<ApiResult<object>> DeletePromotionAsync(Guid id) => DeleteAsync<object>($"/api/promotions/{id}");

    public Task<ApiResult<List<WebhookEntry>>> WebhooksAsync() => GetAsync<List<WebhookEntry>>("/api/webhooks");

    public Task<ApiResult<CreatedWebhook>> CreateWebhookAsync(WebhookForm form) => PostAsync<CreatedWebhook>("/api/webhooks", form.Body());

    public Task<ApiResult<object>> DeleteWebhookAsync(Guid id) => DeleteAsync<object>($"/api/webhooks/{id}");

    public Task<ApiResult<Paged<WebhookDelivery>>> WebhookDeliveriesAsync(Guid id) => GetAsync<Paged<WebhookDelivery>>($"/api/webhooks/{id}/deliveries?pageSize=50");

    public Task<ApiResult<ProductTaxClass>> ProductTaxClassAsync(Guid productId) => GetAsync<ProductTaxClass>($"/api/products/{productId}");

    private static object CategoryBody(CategoryDraft draft) => new
    {
        name = draft.Name,
        slug = string.IsNullOrWhiteSpace(draft.Slug) ? null : draft.Slug.Trim(),
        parentId = draft.ParentId,
    };

    /// <summary>The audit log, newest first; empty filters are left out.</summary>
    public Task<ApiResult<Paged<AuditEntry>>> AuditAsync(AuditFilter filter, int page)
    {
        var query = $"/api/audit?page={page}&pageSize=20";
        foreach (var (name, value) in new[] { ("actor", filter.Actor), ("entity", filter.Entity), ("entityId", filter.EntityId) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query += $"&{name}={Uri.EscapeDataString(value.Trim())}";
            }
        }

        query += filter.From is { } from ? $"&from={Iso(from)}" : "";
        query += filter.To is { } to ? $"&to={Iso(to)}" : "";
        return GetAsync<Paged<AuditEntry>>(query);
    }

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
    public string TaxClass { get; set; } = TaxClasses.Standard;
}
