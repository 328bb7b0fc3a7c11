using System.Security.Claims;
using Bazaar.Payments.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Payments.Ledger;

public static class GetPayment
{
    public static RouteGroupBuilder MapGetPayment(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .RequireAuthorization()
            .WithName("GetPayment")
            .WithSummary("A payment with its provider transactions (owner or admin)");
        return group;
    }

    internal static async Task<Results<Ok<PaymentDetails>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDb db, CancellationToken cancellationToken)
    {
        var payment = await PaymentDetails.LoadAsync(db, id, cancellationToken);
        return payment is not null && principal.MaySee(payment.UserId) ? TypedResults.Ok(payment) : PaymentProblems.PaymentNotFound();
    }
}
