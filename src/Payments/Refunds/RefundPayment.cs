using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Refunds;

public static class RefundPayment
{
    public const int MaxReasonLength = 500;

    /// <param name="Amount">Omitted: everything not refunded yet.</param>
    public sealed record Request(decimal? Amount, string? Reason);

    public static RouteGroupBuilder MapRefundPayment(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/refund", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithIdempotency<Request>("refund")
            .WithName("RefundPayment")
            .WithSummary("Refund all or part of a payment (admin): 200 done, 202 sent but not answered yet (retried), 400 more than is left, 409 nothing to refund");
        return group;
    }

    internal static async Task<Results<Ok<PaymentDetails>, Accepted<PaymentDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, ClaimsPrincipal principal, PaymentsDb db, Refunding refunding, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The refund is not valid");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var (plan, currency) = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
            if (payment is null)
            {
                return ((RefundPlan?)null, string.Empty);
            }

            var before = new { payment.Status, payment.Amount, payment.RefundedAmount, payment.Currency };
            var planned = await refunding.PlanAsync(payment, request.Amount, request.Reason!.Trim(), refunding.WorkerTakesOverAt(clock.GetUtcNow()), ct);
            if (planned is { Status: RefundPlanStatus.Planned, Refund: { } refund })
            {
                db.Audit(principal, "payment", payment.Id, "refunded", before, new { RefundId = refund.Id, RefundAmount = refund.Amount, Reason = request.Reason.Trim(), payment.Currency });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return ((RefundPlan?)planned, payment.Currency);
        }, cancellationToken);

        switch (plan?.Status)
        {
            case null:
                return PaymentProblems.PaymentNotFound();
            case RefundPlanStatus.NotRefundable:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not refundable", detail: "Only a succeeded payment can be refunded.");
            case RefundPlanStatus.NothingLeft when request.Amount is null:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict, title: "Nothing left to refund", detail: "The payment is fully refunded, or refunds under way cover the rest.");
            case RefundPlanStatus.TooMuch or RefundPlanStatus.NothingLeft:
                return Problems.Invalid(new() { ["amount"] = [$"At most {plan.Remaining:0.00} {currency} is left to refund."] }, "The refund is not valid");
        }

        // Sent to its end even if the caller leaves: the provider may be refunding already.
        var refund = await refunding.SendAsync(plan.Refund!.Id, CancellationToken.None);
        var details = (await PaymentDetails.LoadAsync(db, id, CancellationToken.None))!;
        return refund!.Status switch
        {
            Ledger.TransactionStatus.Succeeded => TypedResults.Ok(details),
            Ledger.TransactionStatus.Pending => TypedResults.Accepted($"/api/payments/{id}", details),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "The provider refused the refund",
                detail: "The payment provider refused this refund; see the payment's transactions for its answer. Nothing was refunded."),
        };
    }

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Amount is { } amount && (amount <= 0 || amount != decimal.Round(amount, 2) || amount > 1_000_000_000m))
        {
            errors["amount"] = ["amount must be positive, with at most 2 decimals."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > MaxReasonLength)
        {
            errors["reason"] = [$"reason is required, at most {MaxReasonLength} characters."];
        }

        return errors;
    }
}
