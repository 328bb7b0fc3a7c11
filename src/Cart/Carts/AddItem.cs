using System.Security.Claims;
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
    public sealed record Response(Guid ProductId, int Quantity);

    public static RouteGroupBuilder MapAddItem(this RouteGroupBuilder group)
    {
        group.MapPost("/items", HandleAsync)
            .WithName("AddCartItem")
            .WithSummary("Add units of a product (quantities add up, at most 100 a line)");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal principal,
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

        var result = await carts.AddAsync(principal.RequiredUserId(), productId, request.Quantity!.Value);
        return result.Outcome switch
        {
            AddOutcome.Added => TypedResults.Ok(new Response(productId, result.Quantity)),
            AddOutcome.OverMaxQuantity => Problems.Invalid(
                new() { ["quantity"] = [$"A cart line holds at most {CartOptions.MaxQuantity} units; this one has {result.Quantity} already."] },
                "Too many units of one product"),
            _ => Problems.Invalid(
                new() { ["productId"] = [$"A cart holds at most {options.Value.MaxLines} different products."] },
                "The cart is full"),
        };
    }
}
