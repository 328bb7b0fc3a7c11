using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Contracts.Catalog;
using Bazaar.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

public static partial class ArchiveProduct
{
    public static RouteGroupBuilder MapArchiveProduct(this RouteGroupBuilder group)
    {
        group.MapDelete("/{id:guid}", HandleAsync)
            .RequireAuthorization(CatalogPolicies.Editor)
            .WithName("ArchiveProduct")
            .WithSummary("Archive a product: gone from lists and 404 on GET; orders that name it are untouched (admin or the owning vendor)");
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id,
        ClaimsPrincipal principal,
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

        product.Archive(clock.GetUtcNow());
        db.Audit(principal, ProductAudit.Entity, product.Id, "archived", ProductAudit.Of(product), null);
        db.AddEvent(new ProductArchived(product.Id, product.ArchivedAt!.Value));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProductProblems.Changed(StatusCodes.Status409Conflict);
        }

        LogArchived(loggers.CreateLogger(typeof(ArchiveProduct)), product.Id);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} archived")]
    private static partial void LogArchived(ILogger logger, Guid productId);
}
