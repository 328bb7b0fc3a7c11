using Bazaar.ServiceDefaults;
using Npgsql;

namespace Bazaar.Catalog.Products;

/// <summary>A category with the products under it (its sub-categories' included, as its filter includes them).</summary>
public sealed record CategoryFacet(Guid Id, string Name, int Count);

/// <summary>Products priced from <paramref name="Min"/> up to, not including, <paramref name="Max"/> (none: no upper end).</summary>
public sealed record PriceFacet(decimal Min, decimal? Max, int Count);

public sealed record RatingFacet(int AtLeast, int Count);

/// <summary>An option's values with their counts; empty until products have variants.</summary>
public sealed record OptionFacet(string Value, int Count);

/// <summary>The contract's <c>facets</c>: each counted under every filter of the request except its own.</summary>
public sealed record ProductFacetCounts(
    IReadOnlyList<CategoryFacet> Categories,
    IReadOnlyList<PriceFacet> Price,
    IReadOnlyList<RatingFacet> Rating,
    int InStock,
    IReadOnlyDictionary<string, IReadOnlyList<OptionFacet>> Options);

/// <summary>A page of products with its facets (<c>?facets=true</c>): the list's shape and <c>facets</c>.</summary>
public sealed record FacetedProductPage(
    IReadOnlyList<ProductResponse> Items, int Page, int PageSize, int TotalCount, int TotalPages, ProductFacetCounts Facets)
{
    public static FacetedProductPage Create(PagedList<ProductResponse> page, ProductFacetCounts facets) =>
        new(page.Items, page.Page, page.PageSize, page.TotalCount, page.TotalPages, facets);
}

/// <summary>
/// Facet counts in one statement, sent in one batch (one round trip) with the page: one pass over
/// the products matching the filters that belong to no facet (search, tags, vendor, archived),
/// grouped by category and price bucket, each count taking the facet filters other than its own
/// with <c>FILTER (WHERE ...)</c>. Categories add up their sub-categories' counts over the tree.
/// </summary>
internal static class ProductFacets
{
    /// <summary>Fixed price buckets: 0-25, 25-50, 50-100, 100-250, 250 and more (in each product's own currency).</summary>
    public static readonly IReadOnlyList<decimal> PriceBounds = [25m, 50m, 100m, 250m];

    public static readonly IReadOnlyList<int> RatingSteps = [4, 3, 2, 1];

    public static string Sql(SqlFilter filter)
    {
        var category = filter.Of(FacetFilter.Category);
        var price = filter.Of(FacetFilter.Price);
        var stock = filter.Of(FacetFilter.InStock);
        var all = $"{category} AND {price} AND {stock}";
        var bounds = string.Join(',', PriceBounds);
        var ratings = string.Join(", ", RatingSteps.Select(r => $"count(*) FILTER (WHERE {all} AND p.rating_average >= {r}) AS rated_{r}"));
        var ratingRows = string.Join(", ", RatingSteps.Select(r => $"('r', {r}, s.rated_{r})"));
        return
            "WITH RECURSIVE tree(ancestor, id) AS (" +
            "SELECT id, id FROM categories WHERE deleted_at IS NULL " +
            "UNION ALL SELECT t.ancestor, c.id FROM tree t JOIN categories c ON c.parent_id = t.id AND c.deleted_at IS NULL), " +
            $"counted AS (SELECT p.category_id, width_bucket(p.price, '{{{bounds}}}'::numeric[]) AS bucket, " +
            $"count(*) FILTER (WHERE {price} AND {stock}) AS for_category, " +
            $"count(*) FILTER (WHERE {category} AND {stock}) AS for_price, " +
            $"count(*) FILTER (WHERE {all}) AS total, {ratings}, " +
            $"count(*) FILTER (WHERE {category} AND {price} AND p.stock_status <> '{Product.ToWire(StockStatus.OutOfStock)}') AS in_stock " +
            $"FROM products p WHERE {filter.Of(FacetFilter.None)} GROUP BY 1, 2), " +
            $"totals AS (SELECT coalesce(sum(total), 0) AS total, {string.Join(", ", RatingSteps.Select(r => $"coalesce(sum(rated_{r}), 0) AS rated_{r}"))}, " +
            "coalesce(sum(in_stock), 0) AS in_stock FROM counted) " +
            "SELECT 'c', t.ancestor, c.name, 0, sum(n.for_category)::int FROM counted n JOIN tree t ON t.id = n.category_id " +
            "JOIN categories c ON c.id = t.ancestor GROUP BY t.ancestor, c.name HAVING sum(n.for_category) > 0 " +
            "UNION ALL SELECT 'p', NULL, NULL, bucket, sum(for_price)::int FROM counted GROUP BY bucket " +
            $"UNION ALL SELECT v.kind, NULL, NULL, v.key, v.n::int FROM totals s CROSS JOIN LATERAL (VALUES ('t', 0, s.total), ('s', 0, s.in_stock), {ratingRows}) v(kind, key, n)";
    }

    /// <summary>Runs the facets' statement and the page's in one batch; the total is the facets' own count of every filter.</summary>
    public static async Task<(int Total, List<ProductResponse> Items, ProductFacetCounts Facets)> RunAsync(
        NpgsqlConnection connection, string facetsSql, IReadOnlyList<object> facetArguments, string pageSql, IReadOnlyList<object> pageArguments,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(facetsSql, facetArguments));
        batch.BatchCommands.Add(Command(pageSql, pageArguments));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var categories = new List<CategoryFacet>();
        var prices = new int[PriceBounds.Count + 1];
        var ratings = new List<RatingFacet>();
        int total = 0, inStock = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt32(4);
            switch (reader.GetString(0))
            {
                case "c": categories.Add(new CategoryFacet(reader.GetGuid(1), reader.GetString(2), count)); break;
                case "p": prices[reader.GetInt32(3)] = count; break;
                case "r": ratings.Add(new RatingFacet(reader.GetInt32(3), count)); break;
                case "s": inStock = count; break;
                default: total = count; break;
            }
        }

        await reader.NextResultAsync(cancellationToken);
        var items = await ProductRows.ReadRowsAsync(reader, cancellationToken);
        var facets = new ProductFacetCounts(
            [.. categories.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)],
            [.. prices.Select((count, i) => new PriceFacet(i == 0 ? 0m : PriceBounds[i - 1], i < PriceBounds.Count ? PriceBounds[i] : null, count))],
            [.. ratings.OrderByDescending(r => r.AtLeast)],
            inStock,
            new Dictionary<string, IReadOnlyList<OptionFacet>>());
        return (total, items, facets);
    }

    private static NpgsqlBatchCommand Command(string sql, IReadOnlyList<object> arguments)
    {
        var command = new NpgsqlBatchCommand(sql);
        ProductRows.Bind(command.Parameters, arguments);
        return command;
    }
}
