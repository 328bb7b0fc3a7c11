using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Wishlist;

/// <summary>
/// Adding and removing are idempotent set operations, both 204: adding a product already there
/// keeps the one row, and removing one that is not there leaves the wishlist as asked (a retried
/// DELETE must not fail). Only adding checks the product: unknown or archived is 404.
/// </summary>
public static class ChangeWishlist
{
    public static RouteGroupBuilder MapChangeWishlist(this RouteGroupBuilder group)
    {
        group.MapPut("/items/{productId:guid}", AddAsync)
            .WithName("AddToWishlist")
            .WithSummary($"Remember a product: 204, also when it is already there; 404 unknown or archived; 409 when {WishlistItem.MaxItems} are already there (signed-in person)");
        group.MapDelete("/items/{productId:guid}", RemoveAsync)
            .WithName("RemoveFromWishlist")
            .WithSummary("Forget a product: 204, also when it was not there (signed-in person)");
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> AddAsync(
        Guid productId, ClaimsPrincipal principal, CatalogDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return WishlistProblems.NoPerson();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var problem = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One writer per wishlist at a time, so that two concurrent adds cannot both pass the count.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"wishlist:" + userId}, 0))", ct);
            if (!await db.Products.AnyAsync(p => p.Id == productId && p.ArchivedAt == null, ct))
            {
                return WishlistProblems.ProductNotFound();
            }

            if (await db.WishlistItems.AnyAsync(w => w.UserId == userId && w.ProductId == productId, ct))
            {
                return null;
            }

            if (await db.WishlistItems.CountAsync(w => w.UserId == userId, ct) >= WishlistItem.MaxItems)
            {
                return WishlistProblems.Full();
            }

            db.WishlistItems.Add(new WishlistItem { UserId = userId, ProductId = productId, AddedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return null;
        }, cancellationToken);
        return problem is null ? TypedResults.NoContent() : problem;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid productId, ClaimsPrincipal principal, CatalogDb db, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return WishlistProblems.NoPerson();
        }

        await db.WishlistItems.Where(w => w.UserId == userId && w.ProductId == productId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

internal static class WishlistProblems
{
    public static ProblemHttpResult NoPerson() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only a person has a wishlist",
        detail: "Sign in as a person; a service token has no wishlist.");

    public static ProblemHttpResult ProductNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Product not found",
        detail: "There is no such product, or it is no longer sold; only a product on sale can be added to a wishlist.");

    /// <summary>409, not 400: the request itself is well formed; the wishlist's state refuses it, and removing an item makes it succeed.</summary>
    public static ProblemHttpResult Full() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Wishlist full",
        detail: $"A wishlist holds at most {WishlistItem.MaxItems} products. Remove one before adding another.");
}
