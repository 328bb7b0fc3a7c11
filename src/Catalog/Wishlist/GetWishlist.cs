using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Catalog.Products;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Wishlist;

public static class GetWishlist
{
    /// <summary>
    /// A remembered product with its current name, price, first image and stock status. One archived
    /// since it was added stays listed (archived: true, out of stock) so that it can be removed.
    /// </summary>
    public sealed record Item(
        Guid ProductId, string Name, decimal Price, string Currency, string? Image, StockStatus StockStatus, bool Archived, DateTimeOffset AddedAt);

    public sealed record Response(IReadOnlyList<Item> Items, int TotalCount, int MaxItems);

    public static RouteGroupBuilder MapGetWishlist(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .WithName("GetWishlist")
            .WithSummary("My wishlist, newest first, with each product's current name, price, image and stock status (signed-in person)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        ClaimsPrincipal principal, CatalogDb db, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return WishlistProblems.NoPerson();
        }

        var items = await db.WishlistItems.AsNoTracking()
            .Where(w => w.UserId == userId)
            .Join(db.Products, w => w.ProductId, p => p.Id, (w, p) => new { w.AddedAt, Product = p })
            .OrderByDescending(x => x.AddedAt).ThenBy(x => x.Product.Id)
            .Select(x => new Item(
                x.Product.Id,
                x.Product.Name,
                x.Product.Price,
                x.Product.Currency,
                x.Product.Images.FirstOrDefault(),
                x.Product.ArchivedAt == null ? x.Product.StockStatus : StockStatus.OutOfStock,
                x.Product.ArchivedAt != null,
                x.AddedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Response(items, items.Count, WishlistItem.MaxItems));
    }
}
