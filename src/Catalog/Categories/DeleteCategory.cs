using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Categories;

public static partial class DeleteCategory
{
    public static RouteGroupBuilder MapDeleteCategory(this RouteGroupBuilder group)
    {
        group.MapDelete("/{id:guid}", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("DeleteCategory")
            .WithSummary("Delete an empty category; 409 while it has products or sub-categories (admin)");
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, CatalogDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (category is null)
        {
            return CategoryRules.NotFound();
        }

        if (await db.Products.AnyAsync(p => p.CategoryId == id && p.ArchivedAt == null, cancellationToken))
        {
            return Conflict("It still has products; move or archive them first.");
        }

        if (await db.Categories.AnyAsync(c => c.ParentId == id && c.DeletedAt == null, cancellationToken))
        {
            return Conflict("It still has sub-categories; move or delete them first.");
        }

        // Archived products keep pointing at it, so the row stays, marked deleted.
        category.Delete(clock.GetUtcNow());
        db.Audit(principal, CategoryAudit.Entity, category.Id, "deleted", CategoryAudit.Of(category), null);
        await db.SaveChangesAsync(cancellationToken);
        LogDeleted(loggers.CreateLogger(typeof(DeleteCategory)), id);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Category is not empty", detail: detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Category {CategoryId} deleted")]
    private static partial void LogDeleted(ILogger logger, Guid categoryId);
}
