using Bazaar.Contracts.Inventory;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;

namespace Bazaar.Ordering.Saga;

/// <summary>Saga step 2: every line is held; the order awaits its payment (OrderAwaitingPayment tells Payments).</summary>
public sealed class StockReservedHandler(OrderingDb db, TimeProvider clock, ILogger<StockReservedHandler> logger) : IEventHandler<StockReserved>
{
    public Task HandleAsync(StockReserved @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(db, logger, nameof(StockReserved), @event.OrderId, order => order.MarkStockReserved(@event.ExpiresAt, clock.GetUtcNow()), cancellationToken);
}

/// <summary>Saga step 2, short: the order is cancelled for insufficient stock (nothing was paid).</summary>
public sealed class StockReservationFailedHandler(OrderingDb db, TimeProvider clock, ILogger<StockReservationFailedHandler> logger)
    : IEventHandler<StockReservationFailed>
{
    public Task HandleAsync(StockReservationFailed @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(
            db, logger, nameof(StockReservationFailed), @event.OrderId, order => order.Cancel(CancellationReason.InsufficientStock, clock.GetUtcNow()), cancellationToken);
}

/// <summary>
/// Saga step 4, timed out: the payment window closed before a payment succeeded. A payment that
/// won the race (the order is paid) keeps the order; Inventory sells the expired reservation then.
/// </summary>
/// <summary>
/// Paid after the reservation expired, and Inventory had nothing left to sell: the paid order is
/// cancelled, and its OrderCancelled (paid) has Payments refund it.
/// </summary>
public sealed class PaidOrderOutOfStockHandler(OrderingDb db, TimeProvider clock, ILogger<PaidOrderOutOfStockHandler> logger) : IEventHandler<PaidOrderOutOfStock>
{
    public Task HandleAsync(PaidOrderOutOfStock @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(
            db, logger, nameof(PaidOrderOutOfStock), @event.OrderId, order => order.Cancel(CancellationReason.SoldOutBeforePayment, clock.GetUtcNow()), cancellationToken);
}

public sealed class ReservationExpiredHandler(OrderingDb db, TimeProvider clock, ILogger<ReservationExpiredHandler> logger) : IEventHandler<ReservationExpired>
{
    public Task HandleAsync(ReservationExpired @event, EventContext context, CancellationToken cancellationToken) =>
        OrderSaga.ApplyAsync(
            db, logger, nameof(ReservationExpired), @event.OrderId, order => order.Cancel(CancellationReason.PaymentTimeout, clock.GetUtcNow()), cancellationToken);
}
