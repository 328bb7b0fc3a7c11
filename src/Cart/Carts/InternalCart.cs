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

    /// <param name="GuestCart">The guest cart's id (the hash of its token), as Cart names it to Ordering when it places the guest's order.</param>
    public sealed record GuestResponse(IReadOnlyList<CartLine> Lines, string GuestCart);

    public static RouteGroupBuilder MapInternalCart(this RouteGroupBuilder group)
    {
        group.MapGet("/{userId:guid}", HandleAsync)
            .RequireAuthorization(Policies.Service)
            .WithName("InternalCart")
            .WithSummary("A user's cart lines {productId, quantity} (service token)");
        group.MapGet("/guest", GuestAsync)
            .RequireAuthorization(Policies.Service)
            .WithName("InternalGuestCart")
            .WithSummary("The lines of the guest cart whose token is in Cart-Token, and its id (service token); 404 for an unknown token");
        return group;
    }

    internal static async Task<Results<Ok<GuestResponse>, NotFound>> GuestAsync(HttpContext http, CartStore carts)
    {
        var token = http.Request.Headers[GuestCartToken.Header].ToString();
        if (!GuestCartToken.IsWellFormed(token) || CartOwner.Guest(token) is var guest && !await carts.ExistsAsync(guest))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new GuestResponse((await carts.ReadAsync(guest)).Lines, guest.Id));
    }

    internal static async Task<Ok<Response>> HandleAsync(Guid userId, CartStore carts) =>
        TypedResults.Ok(new Response((await carts.ReadAsync(userId)).Lines));
}
