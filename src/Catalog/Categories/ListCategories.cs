using Bazaar.Catalog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Categories;

public static class ListCategories
{
    public static RouteGroupBuilder MapListCategories(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .WithName("ListCategories")
            .WithSummary("Every category; productCount includes the products of its sub-categories (anyone)");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCategory")
            .WithSummary("One category (anyone)");
        return group;
    }

    internal static async Task<Ok<List<CategoryResponse>>> ListAsync(CatalogDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReadAsync(db, cancellationToken));

    internal static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> GetAsync(Guid id, CatalogDb db, CancellationToken cancellationToken) =>
        (await ReadAsync(db, cancellationToken)).FirstOrDefault(c => c.Id == id) is { } category
            ? TypedResults.Ok(category)
            : CategoryRules.NotFound();

    /// <summary>Categories by name, each counting the shoppable products in it and below it.</summary>
    internal static async Task<List<CategoryResponse>> ReadAsync(CatalogDb db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking()
            .Where(c => c.DeletedAt == null)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var direct = await db.Products
            .Where(p => p.ArchivedAt == null)
            .GroupBy(p => p.CategoryId)
            .Select(g => new { CategoryId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CategoryId, g => g.Count, cancellationToken);

        var children = categories.ToLookup(c => c.ParentId, c => c.Id);
        var totals = new Dictionary<Guid, int>();
        int Total(Guid id, HashSet<Guid> path)
        {
            if (totals.TryGetValue(id, out var known))
            {
                return known;
            }

            // The path guards against a cycle that only a hand-edited database could hold.
            var total = direct.GetValueOrDefault(id) + children[id].Where(path.Add).Sum(child => Total(child, path));
            return totals[id] = total;
        }

        return [.. categories.Select(c => new CategoryResponse(c.Id, c.Name, c.Slug, c.ParentId, Total(c.Id, [c.Id])))];
    }
}
