using System.Text.Json;

namespace Bazaar.Payments.Tests;

public sealed record TransactionBody(Guid Id, string Type, string Status, decimal Amount, JsonElement? ProviderResponse, string? Reason, DateTimeOffset CreatedAt);

public sealed record PaymentBody(
    Guid Id,
    Guid OrderId,
    Guid UserId,
    decimal Amount,
    string Currency,
    string Status,
    string? FailureCode,
    string? FailureMessage,
    string PaymentMethod,
    string? ProviderReference,
    decimal RefundedAmount,
    DateTimeOffset CreatedAt,
    List<TransactionBody>? Transactions);

public sealed record OrderPaymentsBody(
    Guid OrderId, decimal Amount, string Currency, string OrderStatus, string PaymentStatus, bool Payable, string? WhyNotPayable, List<PaymentBody> Payments);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
