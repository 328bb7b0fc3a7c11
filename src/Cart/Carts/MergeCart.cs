using Bazaar.Cart.Catalog;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

/// <summary>Signing in after shopping as a guest: the guest cart's lines join the user's cart.</summary>
public static class MergeCart
{
    public sealed record Request(string? CartToken);

    public static RouteGroupBuilder MapMergeCart(this RouteGroupBuilder group)
    {
        group.MapPost("/merge", HandleAsync)
            .RequireAuthorization(CartPolicies.Shopper)
            .WithName("MergeCart")
            .WithSummary("Move a guest cart into my cart: quantities add up (at most 100 a line), the guest cart and its token end; answers my cart");
        return group;
    }

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, HttpContext http, CartStore carts, CatalogClient catalog, CancellationToken cancellationToken)
    {
        if (!GuestCartToken.IsWellFormed(request.CartToken))
        {
            return Problems.Invalid(new() { ["cartToken"] = ["cartToken is not a cart token."] }, "The merge is not valid");
        }

        var guest = CartOwner.Guest(request.CartToken!);
        if (!await carts.ExistsAsync(guest))
        {
            return Problems.Invalid(new() { ["cartToken"] = ["The guest cart is unknown, expired or merged already."] }, "Nothing to merge");
        }

        var user = CartAccess.OwnerOf(http);
        await carts.MergeAsync(guest, user.UserId!.Value);
        return (await GetCart.HandleAsync(http, carts, catalog, cancellationToken)).Result switch
        {
            Ok<CartResponse> cart => cart,
            var problem => (ProblemHttpResult)problem,
        };
    }
}
