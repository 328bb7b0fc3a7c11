using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Cart;

internal static class CartProblems
{
    public static ProblemHttpResult ProductNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Product not found",
        detail: "There is no such product in the catalog, or it is no longer sold.");

    public static ProblemHttpResult NotInCart() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not in the cart",
        detail: "The cart has no line for this product.");

    public static ProblemHttpResult CatalogUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Catalog unavailable",
        detail: "Products and prices cannot be read right now; try again shortly. The cart is unchanged.");

    /// <summary>The 1..100 rule of a line's quantity, or null when it holds.</summary>
    public static string[]? QuantityError(int? quantity) => quantity switch
    {
        null => ["quantity is required."],
        < 1 or > CartOptions.MaxQuantity => [$"quantity must be between 1 and {CartOptions.MaxQuantity}."],
        _ => null,
    };
}
