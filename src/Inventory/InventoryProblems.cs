using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Bazaar.Inventory;

internal static class InventoryProblems
{
    public static ProblemHttpResult ProductNotFound(Guid productId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Product not found",
        detail: $"The inventory has no stock record for product {productId}.");

    /// <summary>A row another request inserted between our check and our insert.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
