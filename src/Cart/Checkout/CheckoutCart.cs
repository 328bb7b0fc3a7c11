using System.Security.Claims;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Catalog;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart.Checkout;

/// <summary>
/// Places an order from the cart through Ordering (which prices it from Catalog and starts the
/// saga). The cart loses its lines only once Ordering has accepted the order; whatever else
/// happens, the cart stays as it was.
/// </summary>
/// <summary>The answer of a checkout, as given and as replayed.</summary>
public sealed record CheckoutResponse(Guid OrderId, string Status)
{
    /// <summary>A guest's order token, which reads the order (Order-Token header); absent for a signed-in checkout.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderToken { get; init; }
}

public static class CheckoutCart
{
    public static RouteGroupBuilder MapCheckoutCart(this RouteGroupBuilder group)
    {
        group.MapPost("/checkout", HandleAsync)
            .WithIdempotency<CheckoutRequest>("checkout", IdempotencyKeeps.Successes, http => CartAccess.OwnerOf(http).KeyOwner)
            .WithName("CheckoutCart")
            .WithSummary("Place an order from my cart, paid with the payment method; 202 {orderId, status}; a guest (Cart-Token) gives an email and gets an orderToken too. Idempotency-Key supported")
            .Produces<CheckoutResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    internal static async Task<IResult> HandleAsync(
        CheckoutRequest request,
        HttpContext http,
        ClaimsPrincipal principal,
        CartStore carts,
        IdempotentRequest idempotency,
        CatalogClient catalog,
        OrderingClient ordering,
        CancellationToken cancellationToken)
    {
        var owner = CartAccess.OwnerOf(http);
        var errors = request.Validate(owner.IsGuest);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The checkout is not valid");
        }

        // A client's key was claimed by the route before the cart is read: a retry after success
        // finds the cart empty, and must get the first answer again, not "empty cart".
        try
        {
            var cart = await carts.ReadAsync(owner);
            if (cart.Lines.Count == 0)
            {
                return Problems.Invalid(new() { ["items"] = ["The cart is empty."] }, "Nothing to check out");
            }

            if (idempotency.Key is null
                && await idempotency.ClaimAsync(owner.KeyOwner, request.DerivedKey(owner.KeyOwner, cart, idempotency.RequestHash), cancellationToken) is { } earlier)
            {
                return earlier;
            }

            // Ordering checks products too; asking first lets the shopper see which lines to fix.
            var priced = CartView.Build(cart.Lines, await catalog.LookupAsync([.. cart.Lines.Select(l => l.ProductId)], cancellationToken));
            var unavailable = priced.Items.Where(i => !i.Available).ToList();
            if (unavailable.Count > 0)
            {
                return Problems.Invalid(
                    new() { ["items"] = [.. unavailable.Select(i => $"{i.Name} ({i.ProductId}) cannot be bought ({i.UnavailableReason}); remove it from the cart.")] },
                    "Some items cannot be bought");
            }

            var authorization = http.Request.Headers.Authorization.ToString();
            switch (await ordering.PlaceAsync(cart.Lines, request, owner, authorization, idempotency.Key!, cancellationToken))
            {
                case PlaceOrderOutcome.Placed placed:
                    await carts.TakeAsync(owner, cart.Lines);
                    return Accepted(placed.Order);
                case PlaceOrderOutcome.Refused refused:
                    return TypedResults.Problem(refused.Problem);
                default:
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status503ServiceUnavailable,
                        title: "Ordering unavailable",
                        detail: "The order could not be placed right now; your cart is kept. Retry with the same Idempotency-Key.");
            }
        }
        catch (CatalogUnavailableException)
        {
            return CartProblems.CatalogUnavailable();
        }
    }

    private static Accepted<CheckoutResponse> Accepted(CheckoutResponse order) =>
        TypedResults.Accepted($"/api/orders/{order.OrderId}", order);
}
