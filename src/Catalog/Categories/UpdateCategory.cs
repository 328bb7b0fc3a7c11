using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Categories;

public static class UpdateCategory
{
    public static RouteGroupBuilder MapUpdateCategory(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateCategory")
            .WithSummary("Rename or move a category (admin)");
        return group;
    }

    internal static async Task<Results<Ok<CategoryResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, CategoryRequest request, ClaimsPrincipal principal, CatalogDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        if (category is null)
        {
            return CategoryRules.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var checkedFields = await CategoryRules.CheckAsync(request, db, errors, cancellationToken);
        if (checkedFields is { ParentId: { } parent })
        {
            // Under itself or under one of its own sub-categories, it would hang from nothing.
            var tree = await CategoryTree.LoadAsync(db, cancellationToken);
            if (tree.SelfAndDescendants(id).Contains(parent))
            {
                errors["parentId"] = ["A category cannot be moved under itself or one of its sub-categories."];
            }
        }

        if (checkedFields is not var (name, slug, parentId) || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The category is not valid");
        }

        if (slug != category.Slug && await db.Categories.AnyAsync(c => c.Slug == slug && c.DeletedAt == null, cancellationToken))
        {
            return CategoryRules.SlugTaken(slug);
        }

        var before = CategoryAudit.Of(category);
        category.Update(name, slug, parentId, clock.GetUtcNow());
        db.Audit(principal, CategoryAudit.Entity, category.Id, "updated", before, CategoryAudit.Of(category));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (CategoryRules.IsSlugTaken(ex))
        {
            return CategoryRules.SlugTaken(slug);
        }

        var response = (await ListCategories.ReadAsync(db, cancellationToken)).First(c => c.Id == id);
        return TypedResults.Ok(response);
    }
}
