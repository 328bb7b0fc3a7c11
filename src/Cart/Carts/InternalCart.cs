using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Carts;

/// <summary>
/// GET /internal/carts/{userId} (service token): a user's cart lines as they are, unpriced, for
/// Ordering's quote of the signed-in user's cart. A user without a cart has no lines.
/// </summary>
public static class InternalCart
{
    public sealed record Response(IReadOnlyList<CartLine> Lines);

    public static RouteGroupBuilder MapInternalCart(this RouteGroupBuilder group)
    {
        group.MapGet("/{userId:guid}", HandleAsync)
            .RequireAuthorization(Policies.Service)
            .WithName("InternalCart")
            .WithSummary("A user's cart lines {productId, quantity} (service token)");
        return group;
    }

    internal static async Task<Ok<Response>> HandleAsync(Guid userId, CartStore carts) =>
        TypedResults.Ok(new Response((await carts.ReadAsync(userId)).Lines));
}
