using System.Text.Json;
using Polly;

namespace Bazaar.Cart.Catalog;

/// <summary>A product as Catalog's internal lookup answers it; archived ones are flagged, unknown ids left out.</summary>
public sealed record CatalogProduct(Guid Id, string Sku, string Name, decimal Price, string Currency, string StockStatus, bool Archived);

/// <summary>Catalog did not answer (down, timing out, or answering nonsense).</summary>
public sealed class CatalogUnavailableException(Exception inner) : Exception("The catalog is unavailable.", inner);

/// <summary>
/// Catalog's internal lookup (POST /internal/products/lookup) with this service's token: current
/// names and prices of many products in one call. Cart keeps no copy, so prices are never stale.
/// </summary>
public sealed partial class CatalogClient(HttpClient http, ILogger<CatalogClient> logger)
{
    private static readonly IReadOnlyDictionary<Guid, CatalogProduct> None = new Dictionary<Guid, CatalogProduct>();

    public async Task<IReadOnlyDictionary<Guid, CatalogProduct>> LookupAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return None;
        }

        try
        {
            using var response = await http.PostAsJsonAsync("/internal/products/lookup", new { ids }, cancellationToken);
            response.EnsureSuccessStatusCode();
            var products = await response.Content.ReadFromJsonAsync<List<CatalogProduct>>(cancellationToken) ?? [];
            return products.ToDictionary(p => p.Id);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCatalogUnavailable(logger, ex);
            throw new CatalogUnavailableException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog lookup failed")]
    private static partial void LogCatalogUnavailable(ILogger logger, Exception exception);
}
