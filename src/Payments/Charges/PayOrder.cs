using System.Security.Claims;
using System.Text.RegularExpressions;
using Bazaar.Payments.Ledger;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Payments.Charges;

public static partial class PayOrder
{
    public sealed record Request(Guid? OrderId, string? PaymentMethodId);

    public static RouteGroupBuilder MapPayOrder(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization()
            .WithIdempotency<Request>("charge")
            .WithName("PayOrder")
            .WithSummary("Charge my order's total with a payment method: 201 succeeded or failed (202 pending when the provider did not answer in time); 409 when not payable");
        // The source documents' other name for the same thing; the same Idempotency-Key scope.
        group.MapPost("/charge", HandleAsync)
            .RequireAuthorization()
            .WithIdempotency<Request>("charge")
            .WithName("ChargeOrder")
            .WithSummary("The same as POST /api/payments");
        return group;
    }

    internal static async Task<Results<Created<PaymentResponse>, Accepted<PaymentResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, ClaimsPrincipal principal, Charging charging, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The payment request is not valid");
        }

        if (principal.UserId() is not { } userId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a customer", detail: "Only the customer who placed an order pays it.");
        }

        var started = await charging.StartAsync(request.OrderId!.Value, userId, request.PaymentMethodId!.Trim(), cancellationToken);
        if (started.Status == StartStatus.NotYours)
        {
            return PaymentProblems.OrderNotFound();
        }

        if (started.Payment is not { } payment)
        {
            return PaymentProblems.NotPayable(started.Detail);
        }

        // From here the charge runs to its end even if the caller leaves: the provider may be charging already.
        payment = await charging.ChargeAsync(payment, automatic: false, CancellationToken.None);
        var location = $"/api/payments/{payment.Id}";
        return payment.Status == PaymentStatus.Pending
            ? TypedResults.Accepted(location, PaymentResponse.From(payment))
            : TypedResults.Created(location, PaymentResponse.From(payment));
    }

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrderId is null || request.OrderId == Guid.Empty)
        {
            errors["orderId"] = ["orderId is required."];
        }

        var method = request.PaymentMethodId?.Trim();
        if (string.IsNullOrEmpty(method))
        {
            errors["paymentMethodId"] = ["paymentMethodId is required (for example pm_card_visa)."];
        }
        else if (method.Length > Payment.MaxPaymentMethodLength || !PaymentMethodShape().IsMatch(method))
        {
            errors["paymentMethodId"] = [$"paymentMethodId is at most {Payment.MaxPaymentMethodLength} letters, digits, '_' or '-'."];
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PaymentMethodShape();
}
