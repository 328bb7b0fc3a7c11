using System.Globalization;
using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

/// <summary>What a shopper does: catalog, reviews, cart, checkout, orders and payments.</summary>
public sealed class ShopApi(HttpClient http, UserSession session, GuestTokens guest) : GatewayApi(http, session)
{
    /// <summary>A page of the catalog with its facet counts, in the same request.</summary>
    public Task<ApiResult<CatalogPage>> ProductsAsync(
        string? q, string? category, string sort, int page, int pageSize = 12, decimal? minPrice = null, decimal? maxPrice = null, bool inStock = false, CancellationToken ct = default)
    {
        var query = $"/api/products?page={page}&pageSize={pageSize}&sort={Uri.EscapeDataString(sort)}&facets=true";
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

        return GetAsync<CatalogPage>(query, ct);
    }

    public Task<ApiResult<Product>> ProductAsync(Guid id) => GetAsync<Product>($"/api/products/{id}");

    public Task<ApiResult<List<Category>>> CategoriesAsync() => GetAsync<List<Category>>("/api/categories");

    public Task<ApiResult<Paged<Review>>> ReviewsAsync(Guid productId, int page = 1) =>
        GetAsync<Paged<Review>>($"/api/reviews/product/{productId}?page={page}&pageSize=10");

    public Task<ApiResult<WrittenReview>> WriteReviewAsync(Guid productId, int rating, string? title, string comment) =>
        PostAsync<WrittenReview>("/api/reviews", new { productId, rating, title, comment });

    public async Task<ApiResult<Cart>> CartAsync() => await SendAsync<Cart>(HttpMethod.Get, "/api/cart", null, default, guestHeaders: await CartHeadersAsync());

    /// <summary>
    /// Adds to my cart, or a guest's: the first add of a guest starts a cart whose token Cart answers,
    /// kept for this browser. Changing a line answers with that line, not the cart: read the cart again after.
    /// </summary>
    public async Task<ApiResult<CartAdded>> AddToCartAsync(Guid productId, int quantity)
    {
        var added = await SendAsync<CartAdded>(HttpMethod.Post, "/api/cart/items", new { productId, quantity }, default, guestHeaders: await CartHeadersAsync());
        if (added.Value?.CartToken is { } token)
        {
            await guest.KeepCartTokenAsync(token);
        }

        return added;
    }

    public async Task<ApiResult<object>> SetQuantityAsync(Guid productId, int quantity) =>
        await SendAsync<object>(HttpMethod.Put, $"/api/cart/items/{productId}", new { quantity }, default, guestHeaders: await CartHeadersAsync());

    public async Task<ApiResult<object>> RemoveAsync(Guid productId) =>
        await SendAsync<object>(HttpMethod.Delete, $"/api/cart/items/{productId}", null, default, guestHeaders: await CartHeadersAsync());

    /// <summary>True when the API calls go as a signed-in user; false for a guest.</summary>
    public Task<bool> IsSignedInAsync() => SignedInAsync();

    /// <summary>
    /// After a guest signs in: the guest cart's lines join the user's cart and the token is forgotten.
    /// Cart merges a token once (a retry adds nothing) and refuses a merged or expired token, which is forgotten too.
    /// </summary>
    public async Task AdoptGuestCartAsync()
    {
        if (await guest.CartTokenAsync() is not { } cartToken || !await SignedInAsync())
        {
            return;
        }

        var merged = await PostAsync<object>("/api/cart/merge", new { cartToken });
        if (merged.Ok || merged.Status is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized)
        {
            await guest.ForgetCartTokenAsync();
        }
    }

    /// <summary>What an order from my cart would cost now (signed-in shoppers only: Ordering prices a person's cart).</summary>
    public Task<ApiResult<Quote>> QuoteAsync(CheckoutChoice choice) =>
        PostAsync<Quote>("/api/checkout/quote", Body(choice, new() { ["fromCart"] = true }));

    /// <summary>The methods that ship to <paramref name="country"/>, priced for <paramref name="subtotal"/> (anyone may ask).</summary>
    public Task<ApiResult<List<ShippingOption>>> ShippingMethodsAsync(string country, decimal subtotal) =>
        GetAsync<List<ShippingOption>>($"/api/shipping/methods?country={Uri.EscapeDataString(country)}&subtotal={subtotal.ToString(CultureInfo.InvariantCulture)}");

    public async Task<ApiResult<CheckoutAccepted>> CheckoutAsync(CheckoutChoice choice, string paymentMethodId, string? email, string idempotencyKey)
    {
        var body = Body(choice, new() { ["paymentMethodId"] = paymentMethodId, ["email"] = email });
        var placed = await SendAsync<CheckoutAccepted>(HttpMethod.Post, "/api/cart/checkout", body, default, idempotencyKey, await CartHeadersAsync());
        if (placed.Value is { OrderToken: { } orderToken } accepted)
        {
            await guest.KeepOrderTokenAsync(accepted.OrderId, orderToken);
        }

        return placed;
    }

    /// <summary>An order: mine, or a guest's opened by its token (given, else the one this browser kept when it placed it).</summary>
    public async Task<ApiResult<Order>> OrderAsync(Guid id, string? orderToken = null, CancellationToken ct = default)
    {
        var token = orderToken ?? await guest.OrderTokenAsync(id);
        return await SendAsync<Order>(HttpMethod.Get, $"/api/orders/{id}", null, ct, guestHeaders: token is null ? null : new Dictionary<string, string> { ["Order-Token"] = token });
    }

    private async Task<IReadOnlyDictionary<string, string>?> CartHeadersAsync() =>
        await guest.CartTokenAsync() is { } token ? new Dictionary<string, string> { ["Cart-Token"] = token } : null;

    /// <summary>The checkout's choices as the contract names them, leaving out what was not chosen.</summary>
    private static Dictionary<string, object> Body(CheckoutChoice choice, Dictionary<string, object?> more)
    {
        more["shippingAddressId"] = choice.ShippingAddressId;
        more["shippingAddress"] = choice.ShippingAddressId is null ? choice.ShippingAddress : null;
        more["shippingMethodId"] = choice.ShippingMethodId;
        more["couponCode"] = string.IsNullOrWhiteSpace(choice.CouponCode) ? null : choice.CouponCode.Trim();
        return more.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
    }

    public Task<ApiResult<Paged<Order>>> OrdersAsync(int page, string? status = null) =>
        GetAsync<Paged<Order>>($"/api/orders?page={page}&pageSize=20" + (status is null ? "" : "&status=" + status));

    public Task<ApiResult<Payment>> PayAsync(Guid orderId, string paymentMethodId, string idempotencyKey) =>
        PostAsync<Payment>("/api/payments", new { orderId, paymentMethodId }, idempotencyKey: idempotencyKey);

    public Task<ApiResult<object>> CancelAsync(Guid orderId) => PostAsync<object>($"/api/orders/{orderId}/cancel", null);
}
