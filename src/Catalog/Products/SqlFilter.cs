namespace Bazaar.Catalog.Products;

/// <summary>The filters of a product list that have a facet of their own, and so one it must not count away.</summary>
internal enum FacetFilter
{
    None,
    Category,
    Price,
    InStock,
}

/// <summary>
/// The WHERE clause of a product list: conditions joined by AND, and the values they need as
/// positional parameters ($1, $2, ...), so that nothing a shopper types becomes SQL. A condition
/// may belong to a facet's filter, so that the facets can count with every filter but their own.
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<(string Condition, FacetFilter Facet)> conditions = [];
    private readonly List<object> arguments = [];

    public IReadOnlyList<object> Arguments => arguments;

    /// <summary>Every condition, in the order added.</summary>
    public string Sql => string.Join(" AND ", conditions.Select(c => c.Condition));

    public void Add(string condition, FacetFilter facet = FacetFilter.None) => conditions.Add((condition, facet));

    /// <summary>The conditions of <paramref name="facet"/>'s filter (those of no facet for <see cref="FacetFilter.None"/>), or true.</summary>
    public string Of(FacetFilter facet)
    {
        var of = conditions.Where(c => c.Facet == facet).Select(c => c.Condition).ToList();
        return of.Count == 0 ? "true" : $"({string.Join(" AND ", of)})";
    }

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Parameter(object value)
    {
        arguments.Add(value);
        return $"${arguments.Count}";
    }
}
