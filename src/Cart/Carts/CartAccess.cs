using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Who may use a cart route, decided once for the /api/cart group: a person's bearer token opens
/// their cart; without one, a <c>Cart-Token</c> header opens that guest's cart; with neither, only
/// adding an item may start a guest cart (the route marked <see cref="StartsGuestCart"/>). A bad
/// bearer token is 401 even with a cart token (a client that thinks it is signed in must learn it
/// is not); a service's token (no person) is 403; an unknown or expired cart token is 401, so the
/// client drops it.
/// </summary>
internal sealed class CartAccess(CartStore carts) : IEndpointFilter
{
    private const string OwnerItem = "bazaar.cart.owner";

    /// <summary>Marks the route that may start a guest cart when the request has no credentials.</summary>
    public sealed class StartsGuestCart;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var hasBearer = http.Request.Headers.Authorization.Count > 0;
        if (http.User.Identity?.IsAuthenticated == true)
        {
            if (http.User.UserId() is not { } userId)
            {
                return Results.Forbid();
            }

            http.Items[OwnerItem] = CartOwner.User(userId);
        }
        else if (hasBearer)
        {
            return Results.Challenge();
        }
        else if (http.Request.Headers[GuestCartToken.Header].ToString() is { Length: > 0 } token)
        {
            if (!GuestCartToken.IsWellFormed(token) || !await carts.ExistsAsync(CartOwner.Guest(token)))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unknown cart",
                    detail: "The cart token is unknown or its cart expired; start a new cart without it.");
            }

            http.Items[OwnerItem] = CartOwner.Guest(token);
        }
        else if (http.GetEndpoint()?.Metadata.GetMetadata<StartsGuestCart>() is not null)
        {
            // The token is issued only if the add succeeds (AddItem answers it); until then no cart exists.
            var fresh = GuestCartToken.New();
            http.Items[OwnerItem] = CartOwner.Guest(fresh);
            http.Items[NewTokenItem] = fresh;
        }
        else
        {
            return Results.Challenge();
        }

        return await next(context);
    }

    private const string NewTokenItem = "bazaar.cart.new-token";

    /// <summary>The cart this request is about; only for routes behind this filter.</summary>
    public static CartOwner OwnerOf(HttpContext http) =>
        http.Items[OwnerItem] is CartOwner owner ? owner : throw new InvalidOperationException("CartAccess did not run for this route.");

    /// <summary>The token of the guest cart this request starts, or null when it opened an existing cart.</summary>
    public static string? NewTokenOf(HttpContext http) => http.Items[NewTokenItem] as string;
}
