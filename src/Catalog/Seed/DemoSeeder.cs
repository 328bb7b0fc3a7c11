using Bazaar.Catalog.Categories;
using Bazaar.Catalog.Data;
using Bazaar.Catalog.Products;

namespace Bazaar.Catalog.Seed;

/// <summary>
/// Fills an empty catalog with <see cref="DemoData"/>. Products go through the same path as
/// POST /api/products, so each one's ProductCreated (with its initial stock) reaches Inventory.
/// </summary>
internal static class DemoSeeder
{
    public static async Task<int> SeedAsync(CatalogDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var categories = new Dictionary<string, Category>(StringComparer.Ordinal);
        foreach (var name in DemoData.TopCategories)
        {
            categories[name] = Category.Create(name, CategoryRules.Slugify(name), null, now);
        }

        foreach (var shelf in DemoData.Shelves.Where(s => s.Parent is not null))
        {
            categories[shelf.Category] = Category.Create(shelf.Category, CategoryRules.Slugify(shelf.Category), categories[shelf.Parent!].Id, now);
        }

        db.Categories.AddRange(categories.Values);
        await db.SaveChangesAsync(cancellationToken);

        var count = 0;
        foreach (var shelf in DemoData.Shelves)
        {
            for (var k = 0; k < shelf.Kinds.Length; k++)
            {
                for (var b = 0; b < shelf.Brands.Length; b++)
                {
                    var request = Describe(shelf, shelf.Kinds[k], b, k, categories[shelf.Category].Id, count);
                    // Seconds apart, newest last, so "newest first" lists have a stable, meaningful order.
                    var outcome = await CreateProduct.AddAsync(db, request, null, now.AddSeconds(count - 1000), cancellationToken);
                    if (outcome.Product is null)
                    {
                        throw new InvalidOperationException(
                            $"Demo product {request.Sku} is not valid: {string.Join("; ", outcome.Errors.SelectMany(e => e.Value))}{outcome.TakenSku}");
                    }

                    count++;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return count;
    }

    private static CreateProduct.Request Describe(DemoShelf shelf, DemoKind kind, int brandIndex, int kindIndex, Guid categoryId, int number)
    {
        var brand = shelf.Brands[brandIndex];
        var series = DemoData.Series[(brandIndex + (kindIndex * 3)) % DemoData.Series.Length];
        var sku = $"{shelf.SkuPrefix}-{kindIndex + 1:00}{brandIndex + 1:00}";

        // Brands further down the list are the premium ones; prices end in .99 like a shop's.
        var price = Math.Round(kind.BasePrice * (1 + (0.15m * brandIndex)), 0) - 0.01m;

        // Mostly plenty, now and then a few or none, so the in-stock filter and badges have work.
        var initialStock = (number % 11) switch
        {
            0 => 0,
            5 => 3,
            _ => 10 + ((number * 37) % 140),
        };
        var color = DemoData.Colors[number % DemoData.Colors.Length];
        var brandTag = CategoryRules.Slugify(brand);
        return new CreateProduct.Request(
            Sku: sku,
            Name: $"{kind.Name} {brand} {series}",
            Description: string.Format(System.Globalization.CultureInfo.InvariantCulture, kind.Description, brand)
                + $" Comes in {color}. Backed by a two-year {brand} warranty.",
            CategoryId: categoryId,
            Price: price,
            Currency: "USD",
            Tags: [.. kind.Tags, brandTag],
            Images: [$"https://images.bazaar.example/products/{sku.ToLowerInvariant()}-1.jpg", $"https://images.bazaar.example/products/{sku.ToLowerInvariant()}-2.jpg"],
            Attributes: new Dictionary<string, string> { ["brand"] = brand, ["color"] = color, ["series"] = series },
            InitialStock: initialStock,
            VendorId: null);
    }
}
