using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.Carts;

public sealed record CartLine(Guid ProductId, int Quantity);

/// <summary>Cart could not be asked: a quote from the cart cannot be made now.</summary>
public sealed class CartUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Cart's internal GET /internal/carts/{userId}, with this service's token, for a quote of the signed-in user's cart.</summary>
public sealed class CartClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record CartBody(List<CartLine>? Lines, string? GuestCart = null);

    /// <summary>The guest cart of <paramref name="cartToken"/>: its lines and id; null when Cart does not know the token.</summary>
    public async Task<(IReadOnlyList<CartLine> Lines, string GuestCart)?> GuestLinesAsync(string cartToken, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/internal/carts/guest");
            request.Headers.TryAddWithoutValidation("Cart-Token", cartToken);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CartUnavailableException($"Cart answered with {(int)response.StatusCode}.");
            }

            var body = await response.Content.ReadFromJsonAsync<CartBody>(Json, cancellationToken);
            return body is { Lines: { } lines, GuestCart: { Length: > 0 } guestCart }
                ? (lines, guestCart)
                : throw new CartUnavailableException("Cart answered without lines.");
        }
        catch (Exception ex) when (ex is not CartUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw new CartUnavailableException("Cart could not be reached.", ex);
        }
    }

    public async Task<IReadOnlyList<CartLine>> LinesAsync(Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/internal/carts/{userId}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CartUnavailableException($"Cart answered with {(int)response.StatusCode}.");
            }

            var body = await response.Content.ReadFromJsonAsync<CartBody>(Json, cancellationToken);
            return body?.Lines ?? throw new CartUnavailableException("Cart answered without lines.");
        }
        catch (Exception ex) when (ex is not CartUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw new CartUnavailableException("Cart could not be reached.", ex);
        }
    }
}
