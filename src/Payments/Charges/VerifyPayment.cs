using System.Security.Claims;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Charges;

public static class VerifyPayment
{
    public sealed record Request(Guid? PaymentId);

    public static RouteGroupBuilder MapVerifyPayment(this RouteGroupBuilder group)
    {
        group.MapPost("/verify", HandleAsync)
            .RequireAuthorization()
            .WithName("VerifyPayment")
            .WithSummary("Ask the provider about a payment again and return it up to date (owner or admin); 503 when the provider does not answer");
        return group;
    }

    internal static async Task<Results<Ok<PaymentDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, ClaimsPrincipal principal, PaymentsDb db, Charging charging, CancellationToken cancellationToken)
    {
        if (request.PaymentId is not { } paymentId || paymentId == Guid.Empty)
        {
            return Problems.Invalid(new() { ["paymentId"] = ["paymentId is required."] }, "The verification request is not valid");
        }

        var owner = await db.Payments.Where(p => p.Id == paymentId).Select(p => (Guid?)p.UserId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null || !principal.MaySee(owner.Value))
        {
            return PaymentProblems.PaymentNotFound();
        }

        var (_, fault) = await charging.VerifyAsync(paymentId, cancellationToken);
        if (fault is not null)
        {
            return PaymentProblems.ProviderUnavailable($"{fault.Message} The payment is unchanged; it is verified again automatically while pending.");
        }

        // An automatic charge the provider never received is undone and made again: this attempt is gone.
        var details = await PaymentDetails.LoadAsync(db, paymentId, cancellationToken);
        return details is null ? PaymentProblems.PaymentNotFound() : TypedResults.Ok(details);
    }
}
