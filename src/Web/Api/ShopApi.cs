using System.Globalization;
using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

/// <summary>What a shopper does: catalog, reviews, cart, checkout, orders and payments.</summary>
public sealed class ShopApi(HttpClient http, UserSession session) : GatewayApi(http, session)
{
    public Task<ApiResult<Paged<Product>>> ProductsAsync(
        string? q, string? category, string sort, int page, int pageSize = 12, decimal? minPrice = null, decimal? maxPrice = null, bool inStock = false, CancellationToken ct = default)
    {
        var query = $"/api/products?page={page}&pageSize={pageSize}&sort={Uri.EscapeDataString(sort)}";
        if (minPrice is { } min)
        {
            query += "&minPrice=" + min.ToString(CultureInfo.InvariantCulture);
        }

        if (maxPrice is { } max)
        {
            query += "&maxPrice=" + max.ToString(CultureInfo.InvariantCulture);
        }

        if (inStock)
        {
            query += "&inStock=true";
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            query += "&q=" + Uri.EscapeDataString(q.Trim());
        }

        if (!string.IsNullOrWhiteSpace(category))
        {
            query += "&category=" + Uri.EscapeDataString(category);
        }

        return GetAsync<Paged<Product>>(query, ct);
    }

    public Task<ApiResult<Product>> ProductAsync(Guid id) => GetAsync<Product>($"/api/products/{id}");

    public Task<ApiResult<List<Category>>> CategoriesAsync() => GetAsync<List<Category>>("/api/categories");

    public Task<ApiResult<Paged<Review>>> ReviewsAsync(Guid productId, int page = 1) =>
        GetAsync<Paged<Review>>($"/api/reviews/product/{productId}?page={page}&pageSize=10");

    public Task<ApiResult<WrittenReview>> WriteReviewAsync(Guid productId, int rating, string? title, string comment) =>
        PostAsync<WrittenReview>("/api/reviews", new { productId, rating, title, comment });

    public Task<ApiResult<Cart>> CartAsync() => GetAsync<Cart>("/api/cart");

    // Changing a line answers with that line (or nothing), not the cart: read the cart again after.
    public Task<ApiResult<object>> AddToCartAsync(Guid productId, int quantity) =>
        PostAsync<object>("/api/cart/items", new { productId, quantity });

    public Task<ApiResult<object>> SetQuantityAsync(Guid productId, int quantity) =>
        PutAsync<object>($"/api/cart/items/{productId}", new { quantity });

    public Task<ApiResult<object>> RemoveAsync(Guid productId) => DeleteAsync<object>($"/api/cart/items/{productId}");

    public Task<ApiResult<CheckoutAccepted>> CheckoutAsync(Address shippingAddress, string paymentMethodId, string idempotencyKey) =>
        PostAsync<CheckoutAccepted>("/api/cart/checkout", new { shippingAddress, paymentMethodId }, idempotencyKey: idempotencyKey);

    public Task<ApiResult<Order>> OrderAsync(Guid id, CancellationToken ct = default) => GetAsync<Order>($"/api/orders/{id}", ct);

    public Task<ApiResult<Paged<Order>>> OrdersAsync(int page, string? status = null) =>
        GetAsync<Paged<Order>>($"/api/orders?page={page}&pageSize=20" + (status is null ? "" : "&status=" + status));

    public Task<ApiResult<Payment>> PayAsync(Guid orderId, string paymentMethodId, string idempotencyKey) =>
        PostAsync<Payment>("/api/payments", new { orderId, paymentMethodId }, idempotencyKey: idempotencyKey);

    public Task<ApiResult<object>> CancelAsync(Guid orderId) => PostAsync<object>($"/api/orders/{orderId}/cancel", null);
}
