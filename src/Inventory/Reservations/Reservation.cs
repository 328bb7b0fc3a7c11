using Bazaar.Contracts;
using Bazaar.Inventory.Stock;

namespace Bazaar.Inventory.Reservations;

public enum ReservationStatus
{
    Reserved,
    Released,
    Sold,
    Expired,

    /// <summary>Sold, then the paid order was cancelled before shipping: the units went back on the shelf.</summary>
    Returned,
}

/// <summary>
/// The stock held for one order (at most one per order: the order id is the key). Its status
/// moves only forward: reserved → released | expired | sold, expired → released | sold,
/// sold → returned. An expired reservation may still be sold when the payment arrives late and
/// the units are still there; once the order is cancelled (released) it never is, whatever order
/// the events arrive in.
/// </summary>
public sealed class Reservation
{
    private readonly List<ReservationLine> lines = [];

    private Reservation()
    {
    }

    public Guid OrderId { get; private set; }

    public ReservationStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>One line per product and warehouse the units were taken from.</summary>
    public IReadOnlyList<ReservationLine> Lines => lines;

    /// <summary>The reserved quantities per product, as the events carry them.</summary>
    public IReadOnlyList<StockLine> Items => StockAllocator.Normalize(lines.Select(l => new StockLine(l.ProductId, l.Quantity)));

    public static Reservation Create(Guid orderId, IEnumerable<Allocation> allocations, DateTimeOffset now, TimeSpan ttl)
    {
        var reservation = new Reservation
        {
            OrderId = orderId,
            Status = ReservationStatus.Reserved,
            CreatedAt = now,
            ExpiresAt = now + ttl,
            UpdatedAt = now,
        };
        reservation.lines.AddRange(allocations.Select(a => new ReservationLine(orderId, a.ProductId, a.WarehouseId, a.Quantity)));
        return reservation;
    }

    /// <summary>
    /// The order was cancelled before its placement reached Inventory (two instances, or a
    /// redelivery, can hand the two events over in either order): released before anything was
    /// held, so the placement, when it comes, finds the order done with and holds nothing.
    /// </summary>
    public static Reservation CancelledFirst(Guid orderId, DateTimeOffset now) => new()
    {
        OrderId = orderId,
        Status = ReservationStatus.Released,
        CreatedAt = now,
        ExpiresAt = now,
        UpdatedAt = now,
    };

    public bool IsExpired => Status == ReservationStatus.Expired;

    /// <summary>True when the request asks for exactly what this reservation holds (an idempotent replay).</summary>
    public bool Holds(IEnumerable<StockLine> requested) => Items.SequenceEqual(StockAllocator.Normalize(requested));

    /// <summary>The order was cancelled. From expired the units were already back: only the status changes.</summary>
    public bool Release(DateTimeOffset now) => MoveTo(ReservationStatus.Released, now, ReservationStatus.Reserved, ReservationStatus.Expired);

    public bool Expire(DateTimeOffset now) => MoveTo(ReservationStatus.Expired, now, ReservationStatus.Reserved);

    public bool Sell(DateTimeOffset now) =>
        MoveTo(ReservationStatus.Sold, now, ReservationStatus.Reserved, ReservationStatus.Expired);

    public bool Return(DateTimeOffset now) => MoveTo(ReservationStatus.Returned, now, ReservationStatus.Sold);

    private bool MoveTo(ReservationStatus next, DateTimeOffset now, params ReadOnlySpan<ReservationStatus> from)
    {
        if (!from.Contains(Status))
        {
            return false;
        }

        Status = next;
        UpdatedAt = now;
        return true;
    }
}

public sealed record ReservationLine(Guid OrderId, Guid ProductId, Guid WarehouseId, int Quantity);
