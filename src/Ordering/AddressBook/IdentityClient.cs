using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.AddressBook;

/// <summary>An entry of a user's address book as Identity's internal route answers it.</summary>
public sealed record SavedAddress(
    Guid Id, string? Label, string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country, string? Phone, bool IsDefault);

/// <summary>Identity could not be asked: the address book cannot be read now.</summary>
public sealed class IdentityUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Identity's address book, read with this service's token (GET
/// /internal/users/{userId}/addresses/{addressId}), for orders placed with a shippingAddressId.
/// </summary>
public sealed class IdentityClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The user's address; null when the user has no address of that id (unknown, or someone else's).</summary>
    public async Task<SavedAddress?> AddressAsync(Guid userId, Guid addressId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/internal/users/{userId}/addresses/{addressId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new IdentityUnavailableException($"Identity answered the address lookup with {(int)response.StatusCode}.");
            }

            var address = await response.Content.ReadFromJsonAsync<SavedAddress>(Json, cancellationToken)
                ?? throw new IdentityUnavailableException("Identity answered the address lookup with nothing.");
            return address.Id == addressId ? address : null;
        }
        catch (Exception ex) when (ex is not IdentityUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw new IdentityUnavailableException("Identity could not be reached for the address lookup.", ex);
        }
    }
}
