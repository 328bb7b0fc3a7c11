using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Contracts.Catalog;
using Bazaar.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

public static partial class UpdateProduct
{
    /// <summary>Replaces every editable field. Owner, stock and rating are not edited here.</summary>
    public sealed record Request(
        string? Sku,
        string? Name,
        string? Description,
        Guid? CategoryId,
        decimal? Price,
        string? Currency,
        List<string>? Tags,
        List<string>? Images,
        Dictionary<string, string>? Attributes,
        string? TaxClass = null) : IProductInput;

    public static RouteGroupBuilder MapUpdateProduct(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}", HandleAsync)
            .RequireAuthorization(CatalogPolicies.Editor)
            .WithName("UpdateProduct")
            .WithSummary("Update a product (admin or the owning vendor); If-Match makes it conditional (412)");
        return group;
    }

    internal static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        Request request,
        ClaimsPrincipal principal,
        HttpContext http,
        CatalogDb db,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id && p.ArchivedAt == null, cancellationToken);
        if (product is null)
        {
            return ProductProblems.NotFound();
        }

        if (!principal.MayEdit(product))
        {
            return ProductProblems.NotYours();
        }

        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count > 0 && !ProductETag.Matches(ifMatch, ProductETag.Of(product.Version)))
        {
            return ProductProblems.Changed(StatusCodes.Status412PreconditionFailed);
        }

        var errors = new Dictionary<string, string[]>();
        var fields = await ProductRules.CheckAsync(request, db, errors, cancellationToken);
        if (fields is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The product is not valid");
        }

        if (fields.Sku != product.Sku && await db.Products.AnyAsync(p => p.Sku == fields.Sku, cancellationToken))
        {
            return ProductProblems.SkuTaken(fields.Sku);
        }

        var before = ProductAudit.Of(product);
        Apply(db, product, fields, clock.GetUtcNow());
        db.Audit(principal, ProductAudit.Entity, product.Id, "updated", before, ProductAudit.Of(product));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (or a stock or rating update) wrote the row after it was read here.
            return ProductProblems.Changed(StatusCodes.Status409Conflict);
        }
        catch (DbUpdateException ex) when (ProductAccess.IsSkuTaken(ex))
        {
            return ProductProblems.SkuTaken(fields.Sku);
        }

        LogUpdated(loggers.CreateLogger(typeof(UpdateProduct)), product.Id);
        var response = await db.Products.AsNoTracking().Where(p => p.Id == product.Id).Select(ProductResponse.FromProduct).FirstAsync(cancellationToken);
        http.Response.Headers.ETag = ProductETag.Of(response.Version);
        return TypedResults.Ok(response);
    }

    /// <summary>Changes a product with its ProductUpdated event, without saving (the route and the CSV import).</summary>
    internal static void Apply(CatalogDb db, Product product, ProductFields fields, DateTimeOffset now)
    {
        product.Update(fields, now);
        db.AddEvent(new ProductUpdated(product.Id, product.Sku, product.Name, product.CategoryId, product.Price, product.Currency, product.UpdatedAt));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} updated")]
    private static partial void LogUpdated(ILogger logger, Guid productId);
}
