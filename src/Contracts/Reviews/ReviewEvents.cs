namespace Bazaar.Contracts.Reviews;

public sealed record ProductRatingChanged(Guid ProductId, decimal Average, int Count, DateTimeOffset ChangedAt) : IIntegrationEvent;
