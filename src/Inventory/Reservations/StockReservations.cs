using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Inventory.Data;
using Bazaar.Inventory.Stock;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Inventory.Reservations;

public enum ReserveResult
{
    Created,

    /// <summary>The order already had a reservation: nothing changed (idempotent replay).</summary>
    Existing,
    Short,
}

public sealed record ReserveOutcome(ReserveResult Result, Reservation? Reservation, IReadOnlyList<Shortage> Shortages);

/// <summary>
/// The reservation lifecycle against the stock rows: reserve, sell, release, return, expire.
/// Each runs inside the caller's transaction (an event handler's, or the reserve route's own)
/// and leaves SaveChanges to the caller, so state, ledger and events commit together.
/// </summary>
public sealed partial class StockReservations(
    InventoryDb db,
    StockBook book,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    ILogger<StockReservations> logger)
{
    /// <summary>All lines or none. Reserving an order that already has a reservation changes nothing.</summary>
    public async Task<ReserveOutcome> ReserveAsync(Guid orderId, IEnumerable<StockLine> lines, CancellationToken cancellationToken)
    {
        var wanted = StockAllocator.Normalize(lines);
        var sheet = await book.LockAsync(wanted.Select(l => l.ProductId), cancellationToken);

        // Looked for only now: a racing request for the same order that held these locks has committed.
        var existing = await FindAsync(orderId, cancellationToken);
        if (existing is not null)
        {
            return new ReserveOutcome(ReserveResult.Existing, existing, []);
        }

        var allocation = StockAllocator.Allocate(wanted, sheet.Snapshots, Warehouse.DefaultId);
        if (!allocation.Succeeded)
        {
            return new ReserveOutcome(ReserveResult.Short, null, allocation.Shortages);
        }

        var now = clock.GetUtcNow();
        var reservation = Reservation.Create(orderId, allocation.Allocations, now, options.Value.ReservationTtl);
        foreach (var line in reservation.Lines)
        {
            var item = sheet.Find(line.ProductId, line.WarehouseId)!;
            item.Reserve(line.Quantity, now);
            book.Record(MovementType.Reserved, item, line.Quantity, orderId);
        }

        db.Reservations.Add(reservation);
        await book.PublishChangesAsync(sheet, cancellationToken);
        return new ReserveOutcome(ReserveResult.Created, reservation, []);
    }

    /// <summary>The order was paid: its reserved units leave the shelf.</summary>
    public async Task SellAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var reservation = await LockAsync(orderId, cancellationToken);
        if (reservation is null || reservation.Status is not (ReservationStatus.Reserved or ReservationStatus.Expired))
        {
            LogNothingToSell(logger, orderId, reservation?.Status);
            return;
        }

        var sheet = await book.LockAsync(reservation.Lines.Select(l => l.ProductId), cancellationToken);
        var now = clock.GetUtcNow();
        var expired = reservation.IsExpired;
        var missing = expired
            ? reservation.Lines.Where(l => (sheet.Find(l.ProductId, l.WarehouseId)?.Available ?? 0) < l.Quantity).ToList()
            : [];
        if (missing.Count > 0)
        {
            // Paid after the hold expired and the units went to someone else: never sell stock that
            // is not there. Ordering cancels the paid order (and Payments refunds it); released, the
            // reservation is never looked at again by a repeated payment.
            reservation.Release(now);
            db.AddEvent(new PaidOrderOutOfStock(
                orderId, [.. missing.GroupBy(l => l.ProductId).Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity)))], now));
            LogLateSaleShort(logger, orderId);
            return;
        }

        foreach (var line in reservation.Lines)
        {
            var item = sheet.Find(line.ProductId, line.WarehouseId)!;
            if (expired)
            {
                // The units are taken again first, so the ledger keeps adding up: reserved, then sold.
                item.Reserve(line.Quantity, now);
                book.Record(MovementType.Reserved, item, line.Quantity, orderId);
            }

            item.SellReserved(line.Quantity, now);
            book.Record(MovementType.Sold, item, line.Quantity, orderId);
        }

        reservation.Sell(now);
        await book.PublishChangesAsync(sheet, cancellationToken);
    }

    /// <summary>
    /// The order was cancelled: a held reservation is released; a sold one of a paid order goes
    /// back on the shelf (cancelling is only possible before shipping, so the units never left).
    /// </summary>
    public async Task CancelAsync(Guid orderId, bool wasPaid, CancellationToken cancellationToken)
    {
        var reservation = await LockAsync(orderId, cancellationToken);
        var returning = reservation?.Status == ReservationStatus.Sold && wasPaid;
        if (reservation is null || (reservation.Status != ReservationStatus.Reserved && !returning))
        {
            LogNothingToCancel(logger, orderId, reservation?.Status, wasPaid);

            // Its units are back already; marked released so that an OrderPaid arriving after this
            // never sells them. Not placed yet: remembered as released, so that the OrderPlaced still
            // on its way holds nothing for a cancelled order (it would until the hold expired). A
            // placement committed meanwhile makes this insert fail on the key, and the event is
            // handled again: then it finds the reservation and releases it.
            if (reservation is null)
            {
                db.Reservations.Add(Reservation.CancelledFirst(orderId, clock.GetUtcNow()));
            }
            else
            {
                reservation.Release(clock.GetUtcNow());
            }

            return;
        }

        var sheet = await book.LockAsync(reservation.Lines.Select(l => l.ProductId), cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var line in reservation.Lines)
        {
            var item = sheet.Find(line.ProductId, line.WarehouseId)!;
            if (returning)
            {
                item.Return(line.Quantity, now);
                book.Record(MovementType.Returned, item, line.Quantity, orderId);
            }
            else
            {
                item.Release(line.Quantity, now);
                book.Record(MovementType.Released, item, line.Quantity, orderId);
            }
        }

        if (returning)
        {
            reservation.Return(now);
        }
        else
        {
            reservation.Release(now);
        }

        await book.PublishChangesAsync(sheet, cancellationToken);
    }

    /// <summary>Releases these reservations (locked by the caller) as expired, in one go over their products' rows.</summary>
    public async Task ExpireAsync(IReadOnlyList<Reservation> reservations, CancellationToken cancellationToken)
    {
        var sheet = await book.LockAsync(reservations.SelectMany(r => r.Lines).Select(l => l.ProductId), cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var reservation in reservations.Where(r => r.Expire(now)))
        {
            foreach (var line in reservation.Lines)
            {
                var item = sheet.Find(line.ProductId, line.WarehouseId)!;
                item.Release(line.Quantity, now);
                book.Record(MovementType.Released, item, line.Quantity, reservation.OrderId);
            }

            db.AddEvent(new ReservationExpired(reservation.OrderId, reservation.Items, now));
        }

        await book.PublishChangesAsync(sheet, cancellationToken);
    }

    public Task<Reservation?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations.Include(r => r.Lines).FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken);

    /// <summary>The reservation row is locked before any stock row, by every path: one lock order everywhere.</summary>
    private async Task<Reservation?> LockAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM reservations WHERE order_id = {orderId} FOR UPDATE", cancellationToken);
        return await FindAsync(orderId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} paid but its reservation is {Status}: nothing sold")]
    private static partial void LogNothingToSell(ILogger logger, Guid orderId, ReservationStatus? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} paid after its reservation expired, and the stock is gone: not sold; Ordering cancels and refunds it")]
    private static partial void LogLateSaleShort(ILogger logger, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} cancelled (paid: {WasPaid}); reservation {Status}: nothing to release")]
    private static partial void LogNothingToCancel(ILogger logger, Guid orderId, ReservationStatus? status, bool wasPaid);
}
