using Bazaar.Cart.Catalog;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bazaar.Cart.Carts;

public static class AddItem
{
    /// <summary>Adds units of a product; a price in the body would be ignored (prices come from the catalog).</summary>
    public sealed record Request(Guid? ProductId, int? Quantity);

    /// <param name="Quantity">The line's quantity after the add.</param>
    /// <param name="CartToken">The new guest cart's token, when this add started one (also in the Cart-Token header); null otherwise.</param>
    public sealed record Response(Guid ProductId, int Quantity, string? CartToken = null);

    public static RouteGroupBuilder MapAddItem(this RouteGroupBuilder group)
    {
        group.MapPost("/items", HandleAsync)
            .WithMetadata(new CartAccess.StartsGuestCart())
            .WithName("AddCartItem")
            .WithSummary("Add units of a product (quantities add up, at most 100 a line); without a bearer token or Cart-Token, starts a guest cart and answers its cartToken");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        HttpContext http,
        CartStore carts,
        CatalogClient catalog,
        IOptions<CartOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ProductId is null || request.ProductId == Guid.Empty)
        {
            errors["productId"] = ["productId is required."];
        }

        if (CartProblems.QuantityError(request.Quantity) is { } quantityError)
        {
            errors["quantity"] = quantityError;
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The cart item is not valid");
        }

        var productId = request.ProductId!.Value;
        try
        {
            var products = await catalog.LookupAsync([productId], cancellationToken);
            if (!products.TryGetValue(productId, out var product) || product.Archived)
            {
                return CartProblems.ProductNotFound();
            }
        }
        catch (CatalogUnavailableException)
        {
            return CartProblems.CatalogUnavailable();
        }

        var result = await carts.AddAsync(CartAccess.OwnerOf(http), productId, request.Quantity!.Value);
        var newToken = result.Outcome == AddOutcome.Added ? CartAccess.NewTokenOf(http) : null;
        if (newToken is not null)
        {
            http.Response.Headers[GuestCartToken.Header] = newToken;
        }

        return result.Outcome switch
        {
            AddOutcome.Added => TypedResults.Ok(new Response(productId, result.Quantity, newToken)),
            AddOutcome.OverMaxQuantity => Problems.Invalid(
                new() { ["quantity"] = [$"A cart line holds at most {CartOptions.MaxQuantity} units; this one has {result.Quantity} already."] },
                "Too many units of one product"),
            _ => Problems.Invalid(
                new() { ["productId"] = [$"A cart holds at most {options.Value.MaxLines} different products."] },
                "The cart is full"),
        };
    }
}
