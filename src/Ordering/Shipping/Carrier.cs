using System.Buffers.Binary;
using System.Security.Cryptography;
using Bazaar.Ordering.Orders;
using Microsoft.Extensions.Options;

namespace Bazaar.Ordering.Shipping;

/// <summary>A shipping carrier: books a parcel for an order and gives its tracking number.</summary>
public interface ICarrier
{
    /// <summary>The carrier's name as the shipment records it.</summary>
    string Name { get; }

    Task<string> AssignTrackingNumberAsync(Order order, CancellationToken cancellationToken);
}

/// <summary>
/// Stands in for a real carrier's API. The number is derived from the order id ("BZ" + 12 digits),
/// so asking twice for one order (a retried request) gives the same parcel, as a real booking
/// keyed by the order's reference would.
/// </summary>
public sealed class SimulatedCarrier(IOptions<OrderingOptions> options) : ICarrier
{
    private const ulong TwelveDigits = 1_000_000_000_000;

    public string Name => options.Value.CarrierName;

    public Task<string> AssignTrackingNumberAsync(Order order, CancellationToken cancellationToken)
    {
        var digest = SHA256.HashData(order.Id.ToByteArray());
        var number = BinaryPrimitives.ReadUInt64BigEndian(digest) % TwelveDigits;
        return Task.FromResult($"{options.Value.TrackingPrefix}{number:D12}");
    }
}
