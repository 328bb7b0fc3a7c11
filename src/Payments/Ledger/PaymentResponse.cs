using System.Text.Json;
using Bazaar.Payments.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Ledger;

/// <summary>
/// A payment as the API shows it: the contract's fields (id, orderId, amount, currency, status,
/// failureCode, paymentMethod, createdAt) and a few more. Not sealed: the details add transactions.
/// </summary>
// Not sealed: PaymentDetails adds the transactions to it.
public record PaymentResponse(
    Guid Id,
    Guid OrderId,
    Guid UserId,
    decimal Amount,
    string Currency,
    PaymentStatus Status,
    string? FailureCode,
    string? FailureMessage,
    string PaymentMethod,
    string? ProviderReference,
    decimal RefundedAmount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PaymentResponse From(Payment p) => new(
        p.Id, p.OrderId, p.UserId, p.Amount, p.Currency, p.Status, p.FailureCode, p.FailureMessage, p.PaymentMethod, p.ProviderReference, p.RefundedAmount, p.CreatedAt, p.UpdatedAt);
}

public sealed record TransactionResponse(
    Guid Id, TransactionType Type, TransactionStatus Status, decimal Amount, JsonElement? ProviderResponse, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    public static TransactionResponse From(PaymentTransaction t) => new(
        t.Id, t.Type, t.Status, t.Amount, t.ProviderResponse is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null, t.Reason, t.CreatedAt, t.CompletedAt);
}

/// <summary>A payment with every call made to the provider about it, oldest first.</summary>
public sealed record PaymentDetails(
    Guid Id,
    Guid OrderId,
    Guid UserId,
    decimal Amount,
    string Currency,
    PaymentStatus Status,
    string? FailureCode,
    string? FailureMessage,
    string PaymentMethod,
    string? ProviderReference,
    decimal RefundedAmount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TransactionResponse> Transactions)
    : PaymentResponse(Id, OrderId, UserId, Amount, Currency, Status, FailureCode, FailureMessage, PaymentMethod, ProviderReference, RefundedAmount, CreatedAt, UpdatedAt)
{
    public static async Task<PaymentDetails?> LoadAsync(PaymentsDb db, Guid paymentId, CancellationToken cancellationToken)
    {
        var p = await db.Payments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == paymentId, cancellationToken);
        if (p is null)
        {
            return null;
        }

        var transactions = await db.Transactions.AsNoTracking()
            .Where(t => t.PaymentId == paymentId)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        return new PaymentDetails(
            p.Id, p.OrderId, p.UserId, p.Amount, p.Currency, p.Status, p.FailureCode, p.FailureMessage, p.PaymentMethod, p.ProviderReference, p.RefundedAmount, p.CreatedAt, p.UpdatedAt,
            [.. transactions.Select(TransactionResponse.From)]);
    }
}
