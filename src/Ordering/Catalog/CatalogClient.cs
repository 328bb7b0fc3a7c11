using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.Catalog;

/// <summary>A product as Catalog's internal lookup answers it; <c>Archived</c> ones are no longer sold.</summary>
/// <remarks><c>TaxClass</c> and <c>CategoryId</c> price the order (tax and coupons); a Catalog that does not send them yet means standard and no category.</remarks>
public sealed record CatalogProduct(Guid Id, string Sku, string Name, decimal Price, string Currency, string StockStatus, bool Archived, Guid? CategoryId = null, string? TaxClass = null);

/// <summary>Catalog could not be asked (down, timing out, or answering nonsense): the order cannot be priced now.</summary>
public sealed class CatalogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Catalog's internal routes with this service's token (AddInternalClient). Prices come from here
/// and nowhere else: one lookup per order, for all its lines.
/// </summary>
public sealed class CatalogClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The known products among <paramref name="ids"/>; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<CatalogProduct>> LookupAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/internal/products/lookup", new { ids }, Json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CatalogUnavailableException($"Catalog answered the product lookup with {(int)response.StatusCode}.");
            }

            return await response.Content.ReadFromJsonAsync<List<CatalogProduct>>(Json, cancellationToken)
                ?? throw new CatalogUnavailableException("Catalog answered the product lookup with nothing.");
        }
        catch (Exception ex) when (ex is not CatalogUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            // Connection refused, the resilience pipeline's timeout or open circuit, a body that is not JSON.
            throw new CatalogUnavailableException("Catalog could not be reached for the product lookup.", ex);
        }
    }
}
