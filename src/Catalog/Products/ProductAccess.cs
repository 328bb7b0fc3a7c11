using System.Security.Claims;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Bazaar.Catalog.Products;

internal static class ProductAccess
{
    /// <summary>Admins change any product; a vendor only its own.</summary>
    public static bool MayEdit(this ClaimsPrincipal principal, Product product) =>
        principal.IsInRole(Roles.Admin) || (principal.IsInRole(Roles.Vendor) && product.IsOwnedBy(principal.UserId()));

    public static bool IsSkuTaken(Exception exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_products_sku" };
}

internal static class ProductProblems
{
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Product not found",
        detail: "There is no such product.");

    public static ProblemHttpResult NotYours() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Not your product",
        detail: "Only an admin or the vendor who owns a product may change it.");

    public static ProblemHttpResult SkuTaken(string sku) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Sku already used",
        detail: $"Another product already has the sku {sku}.");

    public static ProblemHttpResult Changed(int status) => TypedResults.Problem(
        statusCode: status,
        title: "The product has changed",
        detail: "The product was changed since you read it; read it again and retry.");
}
