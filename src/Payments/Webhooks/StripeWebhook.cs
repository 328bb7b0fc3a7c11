using System.Text.Json;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers;
using Bazaar.Payments.Providers.Stripe;
using Bazaar.Payments.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Payments.Webhooks;

public static partial class StripeWebhook
{
    public sealed record Response(bool Received, bool Duplicate);

    public static RouteGroupBuilder MapStripeWebhook(this RouteGroupBuilder group)
    {
        group.MapPost("/webhooks/stripe", HandleAsync)
            .AllowAnonymous()
            .WithName("StripeWebhook")
            .WithSummary("Stripe's events, signed (Stripe-Signature, 300 s tolerance); each event id has its effect once");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, PaymentsDb db, Charging charging, IOptions<StripeOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        if (StripeSignature.Check(request.Headers[StripeSignature.HeaderName], body, options.Value.WebhookSecret, clock.GetUtcNow(), options.Value.WebhookTolerance) is { } why)
        {
            return Refused(why);
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Refused("The body is not JSON.");
        }

        if (Text(root, "id") is not { Length: > 0 and <= 255 } eventId || Text(root, "type") is not { Length: > 0 and <= 100 } type
            || !root.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var subject))
        {
            return Refused("The body is not a Stripe event (id, type, data.object).");
        }

        var logger = loggers.CreateLogger(typeof(StripeWebhook));
        var strategy = db.Database.CreateExecutionStrategy();
        var first = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var json = root.GetRawText();
            // Claimed in the transaction of its effect: a redelivered event finds the row and does nothing.
            if (await db.Database.ExecuteSqlAsync(
                $"INSERT INTO webhook_events (id, type, payload, received_at) VALUES ({eventId}, {type}, CAST({json} AS jsonb), {clock.GetUtcNow()}) ON CONFLICT (id) DO NOTHING", ct) == 0)
            {
                return false;
            }

            await ApplyAsync(type, subject, db, charging, clock, logger, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        return TypedResults.Ok(new Response(true, !first));
    }

    private static async Task ApplyAsync(
        string type, JsonElement subject, PaymentsDb db, Charging charging, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var reference = type.StartsWith("charge.", StringComparison.Ordinal) ? Text(subject, "payment_intent") : Text(subject, "id");
        var paymentId = await FindPaymentAsync(db, subject, reference, cancellationToken);
        if (paymentId is null)
        {
            LogUnknownPayment(logger, type, reference);
            return;
        }

        var response = subject.GetRawText();
        switch (type)
        {
            case "payment_intent.succeeded":
                await charging.SettleAsync(paymentId.Value, new ChargeResult(ChargeState.Succeeded, reference, null, null, 0, response), fromLookup: false, cancellationToken);
                break;
            case "payment_intent.payment_failed":
                var error = subject.TryGetProperty("last_payment_error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
                var (code, message) = StripeMapping.Failure(Text(error, "code"), Text(error, "decline_code"), Text(error, "param"), Text(error, "message"));
                await charging.SettleAsync(paymentId.Value, new ChargeResult(ChargeState.Failed, reference, code, message, 0, response), fromLookup: false, cancellationToken);
                break;
            case "charge.refunded":
                var payment = (await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {paymentId} FOR UPDATE").ToListAsync(cancellationToken)).Single();
                var refunded = subject.TryGetProperty("amount_refunded", out var minor) && minor.TryGetInt64(out var units)
                    ? StripeMapping.FromMinorUnits(units, Text(subject, "currency") ?? payment.Currency)
                    : 0m;
                await Refunding.RecordRefundedElsewhereAsync(db, payment, refunded, response, clock.GetUtcNow(), cancellationToken);
                break;
            default:
                LogIgnored(logger, type);
                break;
        }
    }

    /// <summary>By the payment id the intent carries in its metadata (known before Stripe's id is), else by Stripe's id.</summary>
    private static async Task<Guid?> FindPaymentAsync(PaymentsDb db, JsonElement subject, string? reference, CancellationToken cancellationToken)
    {
        if (subject.TryGetProperty("metadata", out var metadata) && Guid.TryParse(Text(metadata, "payment_id"), out var id)
            && await db.Payments.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return id;
        }

        return reference is null
            ? null
            : await db.Payments.Where(p => p.ProviderReference == reference).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook refused", detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {Type} names no payment of ours (reference {Reference}); recorded and ignored")]
    private static partial void LogUnknownPayment(ILogger logger, string type, string? reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stripe event {Type} is not one Payments acts on")]
    private static partial void LogIgnored(ILogger logger, string type);
}
