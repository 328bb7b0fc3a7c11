using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Categories;

public static partial class CreateCategory
{
    public static RouteGroupBuilder MapCreateCategory(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateCategory")
            .WithSummary("Create a category, optionally inside another (admin)");
        return group;
    }

    internal static async Task<Results<Created<CategoryResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CategoryRequest request, ClaimsPrincipal principal, CatalogDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (await CategoryRules.CheckAsync(request, db, errors, cancellationToken) is not var (name, slug, parentId))
        {
            return TypedResults.ValidationProblem(errors, title: "The category is not valid");
        }

        if (await db.Categories.AnyAsync(c => c.Slug == slug && c.DeletedAt == null, cancellationToken))
        {
            return CategoryRules.SlugTaken(slug);
        }

        var category = Category.Create(name, slug, parentId, clock.GetUtcNow());
        db.Categories.Add(category);
        db.Audit(principal, CategoryAudit.Entity, category.Id, "created", null, CategoryAudit.Of(category));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (CategoryRules.IsSlugTaken(ex))
        {
            return CategoryRules.SlugTaken(slug);
        }

        LogCreated(loggers.CreateLogger(typeof(CreateCategory)), category.Id, category.Slug);
        return TypedResults.Created(
            $"/api/categories/{category.Id}",
            new CategoryResponse(category.Id, category.Name, category.Slug, category.ParentId, 0));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Category {CategoryId} ({Slug}) created")]
    private static partial void LogCreated(ILogger logger, Guid categoryId, string slug);
}
