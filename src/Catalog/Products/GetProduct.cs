using System.Globalization;
using Bazaar.Catalog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Bazaar.Catalog.Products;

public static class GetProduct
{
    public static RouteGroupBuilder MapGetProduct(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetProduct")
            .WithSummary("A product, with an ETag; If-None-Match answers 304 when unchanged (anyone)");
        return group;
    }

    private const string ByIdSql = $"{ProductRows.Select} WHERE p.id = $1 AND p.archived_at IS NULL";

    internal static async Task<Results<Ok<ProductResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, HttpContext http, CatalogDb db, CancellationToken cancellationToken)
    {
        var found = await ProductRows.RunAsync(
            db,
            async (connection, cancellationToken) =>
            {
                await using var command = ProductRows.Command(connection, ByIdSql, [id]);
                return await ProductRows.ReadAsync(command, cancellationToken) is [var product] ? product : null;
            },
            cancellationToken);
        if (found is null)
        {
            return ProductProblems.NotFound();
        }

        var etag = ProductETag.Of(found.Version);
        http.Response.Headers.ETag = etag;
        return ProductETag.Matches(http.Request.Headers.IfNoneMatch, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(found);
    }
}

/// <summary>A product's entity tag: its row version, which every write changes (stock and rating too).</summary>
public static class ProductETag
{
    public static string Of(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ is ignored; * matches anything.</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag)
    {
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
