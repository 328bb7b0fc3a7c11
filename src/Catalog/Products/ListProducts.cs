using Bazaar.Catalog.Categories;
using Bazaar.Catalog.Data;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Bazaar.Catalog.Products;

public static class ListProducts
{
    public static readonly IReadOnlyList<string> Sorts = ["relevance", "price", "-price", "name", "-createdAt", "-rating"];

    /// <param name="Q">Full text over name, tags and description; the last word matches as a prefix.</param>
    /// <param name="Category">A category id or slug; its sub-categories are included.</param>
    /// <param name="Tag">Every tag given must be on the product.</param>
    /// <param name="InStock">true: in or low stock only; false: out of stock only.</param>
    /// <param name="VendorId">Only the products this vendor owns (added to the contract's filters: a vendor's own shelf).</param>
    public sealed record Query(
        string? Q, string? Category, string[]? Tag, decimal? MinPrice, decimal? MaxPrice, bool? InStock, string? Sort, int? Page, int? PageSize,
        Guid? VendorId = null);

    public static RouteGroupBuilder MapListProducts(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .WithName("ListProducts")
            .WithSummary("Products, searched, filtered, sorted and paged (anyone)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<ProductResponse>>, ValidationProblem>> HandleAsync(
        [AsParameters] Query query, CatalogDb db, CancellationToken cancellationToken)
    {
        var errors = Check(query);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The product query is not valid");
        }

        var paging = new PageRequest(query.Page ?? 1, query.PageSize ?? 20);
        var products = db.Products.AsNoTracking().Where(p => p.ArchivedAt == null);

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var tree = await CategoryTree.LoadAsync(db, cancellationToken);
            if (tree.Find(query.Category.Trim()) is not { } category)
            {
                return TypedResults.Ok(PagedList<ProductResponse>.Create([], paging, 0));
            }

            var categoryIds = tree.SelfAndDescendants(category.Id);
            products = products.Where(p => categoryIds.Contains(p.CategoryId));
        }

        if (query.VendorId is { } vendorId)
        {
            products = products.Where(p => p.VendorId == vendorId);
        }

        foreach (var tag in (query.Tag ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct())
        {
            products = products.Where(p => p.Tags.Contains(tag));
        }

        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }

        if (query.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }

        if (query.InStock is { } inStock)
        {
            products = inStock
                ? products.Where(p => p.StockStatus != StockStatus.OutOfStock)
                : products.Where(p => p.StockStatus == StockStatus.OutOfStock);
        }

        var search = ProductSearch.ToTsQuery(query.Q);
        if (search is not null)
        {
            products = products.Where(p => EF.Property<NpgsqlTsVector>(p, ProductSearch.VectorProperty)
                .Matches(EF.Functions.ToTsQuery(CatalogDb.SearchConfig, search)));
        }

        var total = await products.CountAsync(cancellationToken);
        var items = total <= paging.Skip
            ? []
            : await Order(products, query.Sort, search)
                .Skip(paging.Skip).Take(paging.PageSize)
                .Select(ProductResponse.FromProduct)
                .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<ProductResponse>.Create(items, paging, total));
    }

    /// <summary>Every order ends on the id, so that pages neither repeat nor skip a product.</summary>
    private static IQueryable<Product> Order(IQueryable<Product> products, string? sort, string? search) =>
        (sort ?? (search is null ? "-createdAt" : "relevance")) switch
        {
            "price" => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
            "-price" => products.OrderByDescending(p => p.Price).ThenBy(p => p.Id),
            "name" => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
            "-rating" => products.OrderByDescending(p => p.RatingAverage).ThenByDescending(p => p.RatingCount).ThenBy(p => p.Id),
            "relevance" when search is not null => products
                .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, ProductSearch.VectorProperty)
                    .Rank(EF.Functions.ToTsQuery(CatalogDb.SearchConfig, search)))
                .ThenByDescending(p => p.CreatedAt).ThenBy(p => p.Id),
            // "relevance" without words to rank by is the newest first, like no sort at all.
            _ => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };

    private static Dictionary<string, string[]> Check(Query query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Sort is not null && !Sorts.Contains(query.Sort))
        {
            errors["sort"] = [$"Sort must be one of {string.Join(", ", Sorts)}."];
        }

        if (query.Page is < 1)
        {
            errors["page"] = ["Page must be 1 or more."];
        }

        if (query.PageSize is < 1 or > PageRequest.MaxPageSize)
        {
            errors["pageSize"] = [$"PageSize must be from 1 to {PageRequest.MaxPageSize}."];
        }

        if (query.MinPrice is < 0)
        {
            errors["minPrice"] = ["MinPrice must not be negative."];
        }

        if (query.MaxPrice is < 0)
        {
            errors["maxPrice"] = ["MaxPrice must not be negative."];
        }

        if (query.MinPrice > query.MaxPrice)
        {
            errors["minPrice"] = ["MinPrice must not be more than maxPrice."];
        }

        if (query.Q is { Length: > ProductSearch.MaxQueryLength })
        {
            errors["q"] = [$"Q must be at most {ProductSearch.MaxQueryLength} characters."];
        }

        if (query.Category is { Length: > 100 })
        {
            errors["category"] = ["Category must be an id or a slug of at most 100 characters."];
        }

        if (query.Tag is { Length: > ProductRules.MaxTags } || (query.Tag ?? []).Any(t => t.Length > ProductRules.MaxTagLength))
        {
            errors["tag"] = [$"At most {ProductRules.MaxTags} tags of at most {ProductRules.MaxTagLength} characters."];
        }

        return errors;
    }
}
