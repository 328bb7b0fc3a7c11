using Bazaar.Catalog.Categories;
using Bazaar.Catalog.Data;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Catalog.Products;

public static class ListProducts
{
    public static readonly IReadOnlyList<string> Sorts = ["relevance", "price", "-price", "name", "-createdAt", "-rating"];

    /// <param name="Q">Full text over name, tags and description; the last word matches as a prefix.</param>
    /// <param name="Category">A category id or slug; its sub-categories are included.</param>
    /// <param name="Tag">Every tag given must be on the product.</param>
    /// <param name="InStock">true: in or low stock only; false: out of stock only.</param>
    /// <param name="Facets">true: the page comes with <c>facets</c>, counts under every filter but each facet's own.</param>
    /// <param name="VendorId">Only the products this vendor owns (added to the contract's filters: a vendor's own shelf).</param>
    public sealed record Query(
        string? Q, string? Category, string[]? Tag, decimal? MinPrice, decimal? MaxPrice, bool? InStock, string? Sort, int? Page, int? PageSize,
        bool? Facets = null, Guid? VendorId = null);

    public static RouteGroupBuilder MapListProducts(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .WithName("ListProducts")
            .WithSummary("Products, searched, filtered, sorted and paged (anyone)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<ProductResponse>>, Ok<FacetedProductPage>, ValidationProblem>> HandleAsync(
        [AsParameters] Query query, CatalogDb db, CancellationToken cancellationToken)
    {
        var errors = Check(query, out var paging);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The product query is not valid");
        }

        var filter = new SqlFilter();
        filter.Add("p.archived_at IS NULL");

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var tree = await CategoryTree.LoadAsync(db, cancellationToken);
            var category = tree.Find(query.Category.Trim());
            if (category is null && query.Facets is not true)
            {
                return TypedResults.Ok(PagedList<ProductResponse>.Create([], paging, 0));
            }

            // An unknown category matches nothing, but the other facets still count without it.
            var ids = category is null ? [] : tree.SelfAndDescendants(category.Id).ToArray();
            filter.Add($"p.category_id = ANY ({filter.Parameter(ids)})", FacetFilter.Category);
        }

        if (query.VendorId is { } vendorId)
        {
            filter.Add($"p.vendor_id = {filter.Parameter(vendorId)}");
        }

        // tags @> ARRAY[tag] rather than tag = ANY(tags): the GIN index on tags serves only the former.
        foreach (var tag in (query.Tag ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct())
        {
            filter.Add($"p.tags @> ARRAY[{filter.Parameter(tag)}]::text[]");
        }

        if (query.MinPrice is { } min)
        {
            filter.Add($"p.price >= {filter.Parameter(min)}", FacetFilter.Price);
        }

        if (query.MaxPrice is { } max)
        {
            filter.Add($"p.price <= {filter.Parameter(max)}", FacetFilter.Price);
        }

        if (query.InStock is { } inStock)
        {
            filter.Add($"p.stock_status {(inStock ? "<>" : "=")} '{Product.ToWire(StockStatus.OutOfStock)}'", FacetFilter.InStock);
        }

        var search = ProductSearch.ToTsQuery(query.Q);
        var tsQuery = search is null ? null : $"to_tsquery('{CatalogDb.SearchConfig}', {filter.Parameter(search)})";
        if (tsQuery is not null)
        {
            filter.Add($"p.search_vector @@ {tsQuery}");
        }

        var countSql = $"SELECT count(*)::int FROM products p WHERE {filter.Sql}";
        var countArguments = filter.Arguments.ToArray();
        var facetsSql = query.Facets is true ? ProductFacets.Sql(filter) : null;
        var pageSql = $"{ProductRows.Select} WHERE {filter.Sql} ORDER BY {Order(query.Sort, tsQuery)} " +
            $"LIMIT {filter.Parameter(paging.PageSize)} OFFSET {filter.Parameter(paging.Offset)}";
        if (facetsSql is not null)
        {
            var (count, rows, facets) = await ProductRows.RunAsync(
                db,
                (connection, cancellationToken) => ProductFacets.RunAsync(connection, facetsSql, countArguments, pageSql, filter.Arguments, cancellationToken),
                cancellationToken);
            return TypedResults.Ok(FacetedProductPage.Create(PagedList<ProductResponse>.Create(rows, paging, count), facets));
        }

        var (total, items) = await ProductRows.RunAsync(
            db,
            async (connection, cancellationToken) =>
            {
                await using var count = ProductRows.Command(connection, countSql, countArguments);
                var total = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
                if (paging.IsPastEnd(total))
                {
                    return (total, new List<ProductResponse>());
                }

                await using var page = ProductRows.Command(connection, pageSql, filter.Arguments);
                return (total, await ProductRows.ReadAsync(page, cancellationToken));
            },
            cancellationToken);
        return TypedResults.Ok(PagedList<ProductResponse>.Create(items, paging, total));
    }

    /// <summary>Every order ends on the id, so that pages neither repeat nor skip a product.</summary>
    private static string Order(string? sort, string? tsQuery) =>
        (sort ?? (tsQuery is null ? "-createdAt" : "relevance")) switch
        {
            "price" => "p.price, p.id",
            "-price" => "p.price DESC, p.id",
            "name" => "p.name, p.id",
            "-rating" => "p.rating_average DESC, p.rating_count DESC, p.id",
            "relevance" when tsQuery is not null => $"ts_rank(p.search_vector, {tsQuery}) DESC, p.created_at DESC, p.id",
            // "relevance" without words to rank by is the newest first, like no sort at all.
            _ => "p.created_at DESC, p.id DESC",
        };

    private static Dictionary<string, string[]> Check(Query query, out PageRequest paging)
    {
        var errors = new Dictionary<string, string[]>();
        paging = PageRequest.Read(query.Page, query.PageSize, errors);
        if (query.Sort is not null && !Sorts.Contains(query.Sort))
        {
            errors["sort"] = [$"Sort must be one of {string.Join(", ", Sorts)}."];
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
            errors["q"] = [$"The search text must be at most {ProductSearch.MaxQueryLength} characters."];
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
