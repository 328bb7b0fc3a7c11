using System.Security.Claims;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Catalog;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Cart.Checkout;

/// <summary>
/// Places an order from the cart through Ordering (which prices it from Catalog and starts the
/// saga). The cart loses its lines only once Ordering has accepted the order; whatever else
/// happens, the cart stays as it was.
/// </summary>
public static class CheckoutCart
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapCheckoutCart(this RouteGroupBuilder group)
    {
        group.MapPost("/checkout", HandleAsync)
            .WithName("CheckoutCart")
            .WithSummary("Place an order from my cart, paid with the payment method; 202 {orderId, status}. Idempotency-Key supported");
        return group;
    }

    internal static async Task<Results<Accepted<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CheckoutRequest request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        HttpContext http,
        ClaimsPrincipal principal,
        CartStore carts,
        CheckoutKeys keys,
        CatalogClient catalog,
        OrderingClient ordering,
        CancellationToken cancellationToken)
    {
        var errors = request.Validate(idempotencyKey);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The checkout is not valid");
        }

        var userId = principal.RequiredUserId();
        var requestHash = request.Hash();
        string? key = null;
        Claim? claim = null;
        var completed = false;
        try
        {
            // A client's key is looked at before the cart: a retry after success finds the cart
            // empty, and must get the first answer again, not "empty cart".
            if (idempotencyKey is not null)
            {
                claim = await keys.ClaimAsync(userId, key = idempotencyKey, requestHash);
                if (Refuse(claim) is { } earlier)
                {
                    return earlier;
                }
            }

            var cart = await carts.ReadAsync(userId);
            if (cart.Lines.Count == 0)
            {
                return Problems.Invalid(new() { ["items"] = ["The cart is empty."] }, "Nothing to check out");
            }

            if (key is null)
            {
                claim = await keys.ClaimAsync(userId, key = request.DerivedKey(userId, cart), requestHash);
                if (Refuse(claim) is { } earlier)
                {
                    return earlier;
                }
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
            switch (await ordering.PlaceAsync(cart.Lines, request, authorization, key, cancellationToken))
            {
                case PlaceOrderOutcome.Placed placed:
                    await carts.TakeAsync(userId, cart.Lines);
                    await keys.CompleteAsync(userId, key, claim!, placed.Order);
                    completed = true;
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
        finally
        {
            if (claim is { Outcome: ClaimOutcome.Claimed } && !completed)
            {
                await keys.ReleaseAsync(userId, key!, claim);
            }
        }
    }

    private static Results<Accepted<CheckoutResponse>, ValidationProblem, ProblemHttpResult>? Refuse(Claim claim) => claim.Outcome switch
    {
        ClaimOutcome.Completed => Accepted(claim.Response!),
        ClaimOutcome.Running => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Checkout in progress",
            detail: "A checkout with this Idempotency-Key is still running; wait for its answer."),
        ClaimOutcome.OtherBody => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Idempotency-Key reused",
            detail: "This Idempotency-Key was used for a checkout with another body."),
        _ => null,
    };

    private static Accepted<CheckoutResponse> Accepted(CheckoutResponse order) =>
        TypedResults.Accepted($"/api/orders/{order.OrderId}", order);
}
