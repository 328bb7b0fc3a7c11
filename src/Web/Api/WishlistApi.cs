using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

public sealed record WishlistEntry(Guid ProductId, string Name, decimal Price, string Currency, string? Image, string StockStatus, bool Archived, DateTimeOffset AddedAt);

public sealed record Wishlist(List<WishlistEntry> Items, int TotalCount, int MaxItems);

/// <summary>A signed-in shopper's wishlist (Catalog) and back-in-stock alerts (Inventory).</summary>
public sealed class WishlistApi(HttpClient http, UserSession session) : GatewayApi(http, session)
{
    public Task<ApiResult<Wishlist>> WishlistAsync() => GetAsync<Wishlist>("/api/wishlist");

    /// <summary>Idempotent: adding a product already there answers 204 too.</summary>
    public Task<ApiResult<object>> AddAsync(Guid productId) => SendAsync<object>(HttpMethod.Put, $"/api/wishlist/items/{productId}", null, default);

    public Task<ApiResult<object>> RemoveAsync(Guid productId) => DeleteAsync<object>($"/api/wishlist/items/{productId}");

    /// <summary>"Tell me when it's back": one mail when the product is in stock again (202, also when asked twice).</summary>
    public Task<ApiResult<object>> AlertWhenBackAsync(Guid productId) => PostAsync<object>($"/api/inventory/{productId}/alerts", new { });
}

/// <summary>
/// The ids on the signed-in shopper's wishlist, read once per circuit, so that a page of product
/// cards shows its hearts with one call rather than one per card.
/// </summary>
public sealed class WishlistState(WishlistApi api)
{
    private HashSet<Guid>? ids;

    public async Task<bool> ContainsAsync(Guid productId)
    {
        ids ??= (await api.WishlistAsync()).Value?.Items.Select(i => i.ProductId).ToHashSet() ?? [];
        return ids.Contains(productId);
    }

    /// <summary>Adds or removes; the error of a refused change (a full wishlist), or null.</summary>
    public async Task<string?> ToggleAsync(Guid productId)
    {
        var present = await ContainsAsync(productId);
        var result = present ? await api.RemoveAsync(productId) : await api.AddAsync(productId);
        if (!result.Ok)
        {
            return result.Error;
        }

        if (present)
        {
            ids!.Remove(productId);
        }
        else
        {
            ids!.Add(productId);
        }

        return null;
    }

    public void Forget(Guid productId) => ids?.Remove(productId);
}
