using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

public static class UpdateItem
{
    public sealed record Request(int? Quantity);

    public static RouteGroupBuilder MapUpdateItem(this RouteGroupBuilder group)
    {
        group.MapPut("/items/{productId:guid}", HandleAsync)
            .WithName("UpdateCartItem")
            .WithSummary("Set a line's quantity (1..100); 404 when the product is not in the cart");
        return group;
    }

    internal static async Task<Results<Ok<AddItem.Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid productId, Request request, HttpContext http, CartStore carts)
    {
        if (CartProblems.QuantityError(request.Quantity) is { } quantityError)
        {
            return Problems.Invalid(new() { ["quantity"] = quantityError }, "The cart item is not valid");
        }

        // No catalog check: the line exists already, and GET flags it if the product went away.
        return await carts.SetAsync(CartAccess.OwnerOf(http), productId, request.Quantity!.Value)
            ? TypedResults.Ok(new AddItem.Response(productId, request.Quantity.Value))
            : CartProblems.NotInCart();
    }
}
