using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.Payments;

/// <summary>What Payments answered when asked to close an order to payment.</summary>
public enum PaymentWindow
{
    /// <summary>No charge was made or is under way, and none can start any more.</summary>
    Closed,

    /// <summary>A charge is with the provider; its outcome is not known yet.</summary>
    PaymentUnderWay,

    /// <summary>A charge succeeded; its PaymentSucceeded may not have reached this service yet.</summary>
    Paid,
}

/// <summary>Payments could not be asked (down, timing out, or answering nonsense): the order cannot be cancelled now.</summary>
public sealed class PaymentsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Payments' internal routes with this service's token (AddInternalClient). Before an order that
/// is not paid is cancelled, Payments closes it to payment under the lock a charge takes to start,
/// so a charge never starts for an order whose cancellation was answered.
/// </summary>
public sealed class PaymentsClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PaymentWindow> CloseAsync(Guid orderId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"/internal/orders/{orderId}/close", new { userId, reason }, Json, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return PaymentWindow.Closed;
            }

            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
                return problem.TryGetProperty("outcome", out var outcome) && outcome.GetString() == "paid" ? PaymentWindow.Paid : PaymentWindow.PaymentUnderWay;
            }

            throw new PaymentsUnavailableException($"Payments answered the request to close order {orderId} with {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is not PaymentsUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw new PaymentsUnavailableException($"Payments could not be reached to close order {orderId}.", ex);
        }
    }
}
