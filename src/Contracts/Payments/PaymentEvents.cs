namespace Bazaar.Contracts.Payments;

public sealed record PaymentSucceeded(Guid PaymentId, Guid OrderId, Guid UserId, decimal Amount, string Currency, string PaymentMethod, DateTimeOffset SucceededAt) : IIntegrationEvent;

public sealed record PaymentFailed(Guid PaymentId, Guid OrderId, Guid UserId, decimal Amount, string Currency, string FailureCode, string FailureMessage, DateTimeOffset FailedAt) : IIntegrationEvent;

public sealed record PaymentRefunded(Guid PaymentId, Guid OrderId, Guid UserId, decimal Amount, string Currency, bool FullyRefunded, DateTimeOffset RefundedAt) : IIntegrationEvent;
