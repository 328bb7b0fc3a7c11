using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Ordering.Pricing;

internal static class CheckoutProblems
{
    public static ProblemHttpResult AddressBookUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Address book unavailable",
        detail: "The saved address could not be read; nothing was ordered. Try again shortly, or give the address itself.");

    public static ProblemHttpResult CartUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Cart unavailable",
        detail: "The cart could not be read for the quote. Try again shortly, or send the items.");

    public static ProblemHttpResult CatalogUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Prices unavailable",
        detail: "The catalog could not be reached to price the items. Try again shortly.");

    public static ProblemHttpResult NotFound(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: $"{what} not found",
        detail: $"There is no such {what.ToLowerInvariant()}.");
}
