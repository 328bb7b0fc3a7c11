using System.Security.Claims;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Payments.Ledger;

internal static class PaymentAccess
{
    /// <summary>The owner and admins see a payment; to anyone else it does not exist.</summary>
    public static bool MaySee(this ClaimsPrincipal principal, Guid ownerId) =>
        principal.IsInRole(Roles.Admin) || principal.UserId() == ownerId;

    /// <summary>The status of the order's live payment (pending, or one that took money), or null when it has none.</summary>
    public static Task<PaymentStatus?> LivePaymentStatusAsync(this Data.PaymentsDb db, Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.Where(p => p.OrderId == orderId && p.Status != PaymentStatus.Failed)
            .Select(p => (PaymentStatus?)p.Status).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The order's automatic charge request, if it has one, locked for update: the first lock of
    /// every writer, whose order is charge request, then order, then payment.
    /// </summary>
    public static async Task<Charges.ChargeRequest?> LockChargeRequestAsync(this Data.PaymentsDb db, Guid orderId, CancellationToken cancellationToken) =>
        (await db.ChargeRequests.FromSql($"SELECT * FROM charge_requests WHERE order_id = {orderId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();

    /// <summary>The order's payment that took money (succeeded, partly or fully refunded), locked for update: every writer of its refunds takes this lock.</summary>
    public static async Task<Payment?> LockChargedPaymentAsync(this Data.PaymentsDb db, Guid orderId, CancellationToken cancellationToken) =>
        (await db.Payments
            .FromSql($"SELECT * FROM payments WHERE order_id = {orderId} AND status IN ('succeeded', 'partially_refunded', 'refunded') FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    public static bool IsUniqueViolation(DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e && e.ConstraintName == constraint;
}

internal static class PaymentProblems
{
    public static ProblemHttpResult PaymentNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Payment not found",
        detail: "There is no such payment.");

    public static ProblemHttpResult OrderNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Order not found",
        detail: "There is no such order.");

    public static ProblemHttpResult NotPayable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The order is not payable",
        detail: detail);

    public static ProblemHttpResult ProviderUnavailable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "The payment provider is unavailable",
        detail: detail);
}
