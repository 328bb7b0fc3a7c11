using Bazaar.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Categories;

/// <summary>
/// The category hierarchy, read whole: a shop has tens or hundreds of categories, so walking it in
/// memory is cheaper than a recursive query and keeps re-parenting a one-row update.
/// </summary>
public sealed class CategoryTree
{
    private readonly ILookup<Guid?, Guid> children;

    private CategoryTree(IReadOnlyList<Node> nodes)
    {
        Nodes = nodes;
        children = nodes.ToLookup(n => n.ParentId, n => n.Id);
    }

    public IReadOnlyList<Node> Nodes { get; }

    public static async Task<CategoryTree> LoadAsync(CatalogDb db, CancellationToken cancellationToken) => new(
        await db.Categories.AsNoTracking()
            .Where(c => c.DeletedAt == null)
            .Select(c => new Node(c.Id, c.ParentId, c.Slug))
            .ToListAsync(cancellationToken));

    /// <summary>The category named by id or slug, if it exists.</summary>
    public Node? Find(string idOrSlug) =>
        Guid.TryParse(idOrSlug, out var id)
            ? Nodes.FirstOrDefault(n => n.Id == id)
            : Nodes.FirstOrDefault(n => string.Equals(n.Slug, idOrSlug, StringComparison.OrdinalIgnoreCase));

    /// <summary>The category and everything below it.</summary>
    public List<Guid> SelfAndDescendants(Guid id)
    {
        var found = new List<Guid>();
        var seen = new HashSet<Guid>();
        var pending = new Stack<Guid>([id]);
        while (pending.TryPop(out var next))
        {
            // The seen set guards against a cycle, which updates refuse but a hand-edited database may hold.
            if (seen.Add(next))
            {
                found.Add(next);
                foreach (var child in children[next])
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    public sealed record Node(Guid Id, Guid? ParentId, string Slug);
}
