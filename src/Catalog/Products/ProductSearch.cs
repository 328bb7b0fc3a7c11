using System.Text.RegularExpressions;

namespace Bazaar.Catalog.Products;

/// <summary>
/// Turns what a shopper types into a PostgreSQL tsquery. Only runs of letters and digits survive,
/// so nothing typed can be a tsquery operator, and the text goes to PostgreSQL as a parameter.
/// The search column reads the products' text the same way (punctuation as spaces, see
/// CatalogDb.SearchVectorSql), so "USB-3" typed finds "USB-3" written.
/// </summary>
public static partial class ProductSearch
{
    /// <summary>The shadow property of the generated tsvector column.</summary>
    public const string VectorProperty = "SearchVector";

    public const int MaxQueryLength = 200;
    private const int MaxTerms = 10;
    private const int MaxTermLength = 64;

    /// <summary>
    /// Every word must match; the last one as a prefix, for search as you type ("wirel" finds
    /// "wireless"). Null when nothing searchable was typed.
    /// </summary>
    public static string? ToTsQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var terms = Term().Matches(text)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(t => t.Length <= MaxTermLength)
            .Take(MaxTerms)
            .ToList();
        if (terms.Count == 0)
        {
            return null;
        }

        terms[^1] += ":*";
        return string.Join(" & ", terms);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Term();
}
