using Bazaar.Catalog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>
/// For Cart and Ordering: current prices and availability of many products in one call. Archived
/// products are answered too (flagged), so a cart can tell "gone" from "unknown id".
/// </summary>
public static class LookupProducts
{
    public const int MaxIds = 200;

    public sealed record Request(List<Guid>? Ids);

    public sealed record Item(Guid Id, string Sku, string Name, decimal Price, string Currency, StockStatus StockStatus, bool Archived, Guid CategoryId, string TaxClass);

    public static RouteGroupBuilder MapLookupProducts(this RouteGroupBuilder group)
    {
        group.MapPost("/lookup", HandleAsync)
            .RequireAuthorization(CatalogPolicies.ServiceOrAdmin)
            .WithName("LookupProducts")
            .WithSummary("Products by id, archived ones flagged; unknown ids are left out (service token or admin)");
        return group;
    }

    internal static async Task<Results<Ok<List<Item>>, ValidationProblem>> HandleAsync(
        Request request, CatalogDb db, CancellationToken cancellationToken)
    {
        var ids = (request.Ids ?? []).Distinct().ToList();
        if (ids.Count > MaxIds)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["ids"] = [$"At most {MaxIds} ids at once."] },
                title: "The lookup is not valid");
        }

        var items = ids.Count == 0
            ? []
            : await db.Products.AsNoTracking()
                .Where(p => ids.Contains(p.Id))
                .Select(p => new Item(p.Id, p.Sku, p.Name, p.Price, p.Currency, p.StockStatus, p.ArchivedAt != null, p.CategoryId, p.TaxClass))
                .ToListAsync(cancellationToken);
        return TypedResults.Ok(items);
    }
}
