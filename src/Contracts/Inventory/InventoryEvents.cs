namespace Bazaar.Contracts.Inventory;

public sealed record StockReserved(Guid OrderId, IReadOnlyList<StockLine> Items, DateTimeOffset ExpiresAt) : IIntegrationEvent;

public sealed record StockReservationFailed(Guid OrderId, IReadOnlyList<StockLine> Shortages, DateTimeOffset FailedAt) : IIntegrationEvent;

public sealed record StockLevelChanged(Guid ProductId, int OnHand, int Reserved, int Available, string StockStatus, DateTimeOffset ChangedAt) : IIntegrationEvent;

public sealed record LowStockDetected(Guid ProductId, int Available, int Threshold, DateTimeOffset DetectedAt) : IIntegrationEvent;

/// <summary>
/// An order was paid after its reservation had expired, and the units had gone to other orders
/// meanwhile: nothing was sold (<paramref name="Shortages"/> lists what was wanted). Ordering
/// cancels the paid order, and Payments gives the money back.
/// </summary>
public sealed record PaidOrderOutOfStock(Guid OrderId, IReadOnlyList<StockLine> Shortages, DateTimeOffset DetectedAt) : IIntegrationEvent;

public sealed record ReservationExpired(Guid OrderId, IReadOnlyList<StockLine> Items, DateTimeOffset ExpiredAt) : IIntegrationEvent;
