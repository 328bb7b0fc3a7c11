namespace Bazaar.Catalog.Categories;

/// <summary>What the audit log keeps of a category.</summary>
internal sealed record CategoryAudit(string Name, string Slug, Guid? ParentId)
{
    public const string Entity = "category";

    public static CategoryAudit Of(Category category) => new(category.Name, category.Slug, category.ParentId);
}
