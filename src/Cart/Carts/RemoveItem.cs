using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

public static class RemoveItem
{
    public static RouteGroupBuilder MapRemoveItem(this RouteGroupBuilder group)
    {
        group.MapDelete("/items/{productId:guid}", HandleAsync)
            .WithName("RemoveCartItem")
            .WithSummary("Remove a line (204, also when it was not there: removing is idempotent)");
        return group;
    }

    internal static async Task<NoContent> HandleAsync(Guid productId, HttpContext http, CartStore carts)
    {
        await carts.RemoveAsync(CartAccess.OwnerOf(http), productId);
        return TypedResults.NoContent();
    }
}
