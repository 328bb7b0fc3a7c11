namespace Bazaar.Contracts.Catalog;

public sealed record ProductCreated(
    Guid ProductId, string Sku, string Name, Guid CategoryId, decimal Price, string Currency, Guid? VendorId, int InitialStock, DateTimeOffset CreatedAt)
    : IIntegrationEvent;

public sealed record ProductUpdated(Guid ProductId, string Sku, string Name, Guid CategoryId, decimal Price, string Currency, DateTimeOffset UpdatedAt) : IIntegrationEvent;

public sealed record ProductArchived(Guid ProductId, DateTimeOffset ArchivedAt) : IIntegrationEvent;
