using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

public static class ClearCart
{
    public static RouteGroupBuilder MapClearCart(this RouteGroupBuilder group)
    {
        group.MapDelete("", HandleAsync)
            .WithName("ClearCart")
            .WithSummary("Empty my cart");
        return group;
    }

    internal static async Task<NoContent> HandleAsync(HttpContext http, CartStore carts)
    {
        await carts.ClearAsync(CartAccess.OwnerOf(http));
        return TypedResults.NoContent();
    }
}
