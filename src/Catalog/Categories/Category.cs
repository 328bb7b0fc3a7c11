namespace Bazaar.Catalog.Categories;

/// <summary>
/// A shelf of the shop, possibly inside another. Deleting one only marks it deleted: archived
/// products may still point at it, and their history keeps its name.
/// </summary>
public sealed class Category
{
    private Category()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Lower case, URL-safe; unique among categories that are not deleted.</summary>
    public string Slug { get; private set; } = "";

    public Guid? ParentId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public static Category Create(string name, string slug, Guid? parentId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        Slug = slug,
        ParentId = parentId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(string name, string slug, Guid? parentId, DateTimeOffset now)
    {
        Name = name;
        Slug = slug;
        ParentId = parentId;
        UpdatedAt = now;
    }

    public void Delete(DateTimeOffset now)
    {
        DeletedAt ??= now;
        UpdatedAt = now;
    }
}
