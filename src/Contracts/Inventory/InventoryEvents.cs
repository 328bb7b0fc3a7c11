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

/// <summary>
/// A shopper's back-in-stock alert fired: the product's available stock went from zero to positive.
/// One event per alert (its id is the alert's), sent once: the alert is deleted in the same
/// transaction as the stock change that fired it. <paramref name="VariantId"/> is null until
/// products have variants.
/// </summary>
public sealed record BackInStock(Guid AlertId, Guid ProductId, Guid? VariantId, Guid UserId, int Available, DateTimeOffset RestockedAt) : IIntegrationEvent;
