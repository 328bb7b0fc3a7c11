using Bazaar.Cart.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

public static class GetCart
{
    public static RouteGroupBuilder MapGetCart(this RouteGroupBuilder group)
    {
        group.MapGet("", HandleAsync)
            .WithName("GetCart")
            .WithSummary("My cart, priced with the catalog's current prices; unavailable lines are flagged");
        return group;
    }

    internal static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext http, CartStore carts, CatalogClient catalog, CancellationToken cancellationToken)
    {
        var snapshot = await carts.ReadAsync(CartAccess.OwnerOf(http));
        try
        {
            // One batched lookup for every line, whatever the cart's size (MaxLines <= the lookup's limit).
            var products = await catalog.LookupAsync(snapshot.Lines.Select(l => l.ProductId).ToList(), cancellationToken);
            return TypedResults.Ok(CartView.Build(snapshot.Lines, products));
        }
        catch (CatalogUnavailableException)
        {
            return CartProblems.CatalogUnavailable();
        }
    }
}
