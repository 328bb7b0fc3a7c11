using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Webhooks;

/// <summary>An admin's webhook subscriptions: list, subscribe (the secret shown once), unsubscribe, and what was delivered.</summary>
public static partial class WebhookEndpoints
{
    public const int MaxEvents = 50;

    public sealed record Request(string? Url, List<string>? Events, string? Description);

    public sealed record Subscription(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt);

    /// <summary>The answer to a subscription: the only time the secret is shown.</summary>
    public sealed record Created(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

    public sealed record Attempt(DateTimeOffset AttemptedAt, int? StatusCode, long DurationMs, string? Error);

    public sealed record Delivery(
        Guid Id, Guid EventId, string Type, WebhookDeliveryStatus Status, int AttemptCount, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, IReadOnlyList<Attempt> Attempts);

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Every webhook subscription, without secrets (admin)");
        group.MapPost("/", CreateAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to events; the signing secret is shown once (admin)");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Unsubscribe, dropping its pending deliveries (admin)");
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries").WithSummary("A subscription's deliveries with their attempts, newest first (admin)");
        return app;
    }

    internal static async Task<Ok<List<Subscription>>> ListAsync(NotificationsDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.WebhookSubscriptions.AsNoTracking()
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new Subscription(s.Id, s.Url, s.Events, s.Description, s.CreatedAt))
            .ToListAsync(cancellationToken));

    internal static async Task<Results<Created<Created>, ValidationProblem>> CreateAsync(
        Request request, ClaimsPrincipal principal, NotificationsDb db, WebhookSecrets secrets, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = Validate(request, out var url, out var events);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The webhook is not valid");
        }

        var secret = WebhookSecrets.NewSecret();
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        var subscription = WebhookSubscription.Create(url!, events, description, secrets.Protect(secret), principal.UserId(), clock.GetUtcNow());
        db.WebhookSubscriptions.Add(subscription);
        db.Audit(principal, AuditEntity, subscription.Id, "created", null, Snapshot(subscription));
        await db.SaveChangesAsync(cancellationToken);
        LogSubscribed(loggers.CreateLogger(typeof(WebhookEndpoints)), subscription.Id, url!.Host, string.Join(",", events), principal.UserId());
        return TypedResults.Created(
            $"/api/webhooks/{subscription.Id}",
            new Created(subscription.Id, subscription.Url, subscription.Events, subscription.Description, subscription.CreatedAt, secret));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, NotificationsDb db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Loaded and removed through the context, so that the audit entry commits with the delete.
        if (await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscription)
        {
            return NotFound();
        }

        db.WebhookSubscriptions.Remove(subscription);
        db.Audit(principal, AuditEntity, subscription.Id, "deleted", Snapshot(subscription), null);
        await db.SaveChangesAsync(cancellationToken);

        LogUnsubscribed(loggers.CreateLogger(typeof(WebhookEndpoints)), id, principal.UserId());
        return TypedResults.NoContent();
    }

    private const string AuditEntity = "webhook";

    /// <summary>What the audit log keeps of a subscription: never its secret.</summary>
    private static object Snapshot(WebhookSubscription subscription) => new { subscription.Url, subscription.Events, subscription.Description };

    internal static async Task<Results<Ok<PagedList<Delivery>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(
        Guid id, int? page, int? pageSize, NotificationsDb db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var request, out var problem))
        {
            return problem;
        }

        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        var total = await deliveries.CountAsync(cancellationToken);
        var rows = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(request.Skip).Take(request.PageSize)
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        var items = rows.Select(d => new Delivery(
                d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.CreatedAt,
                d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.LastError,
                [.. attempts[d.Id].OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).Select(a => new Attempt(a.AttemptedAt, a.StatusCode, a.DurationMs, a.Error))]))
            .ToList();
        return TypedResults.Ok(PagedList<Delivery>.Create(items, request, total));
    }

    private static Dictionary<string, string[]> Validate(Request request, out Uri? url, out List<string> events)
    {
        var errors = new Dictionary<string, string[]>();
        if (WebhookTargets.ShapeError(request.Url, out url) is { } urlError)
        {
            errors["url"] = [urlError];
        }

        events = request.Events?.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (events.Count == 0 || events.Count > MaxEvents)
        {
            errors["events"] = [$"Name between 1 and {MaxEvents} events, of: {string.Join(", ", WebhookEvents.Names.Order(StringComparer.Ordinal))}."];
        }
        else if (events.Where(e => !WebhookEvents.Names.Contains(e)).ToList() is { Count: > 0 } unknown)
        {
            errors["events"] = [$"Unknown events: {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookEvents.Names.Order(StringComparer.Ordinal))}."];
        }

        if (request.Description is { Length: > WebhookSubscription.MaxDescriptionLength })
        {
            errors["description"] = [$"At most {WebhookSubscription.MaxDescriptionLength} characters."];
        }

        return errors;
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Webhook not found", detail: "There is no webhook subscription with this id.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {SubscriptionId} to host {Host} for {Events} subscribed by {AdminId}")]
    private static partial void LogSubscribed(ILogger logger, Guid subscriptionId, string host, string events, Guid? adminId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {SubscriptionId} unsubscribed by {AdminId}")]
    private static partial void LogUnsubscribed(ILogger logger, Guid subscriptionId, Guid? adminId);
}
