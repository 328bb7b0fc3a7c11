using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Webhooks;

/// <summary>
/// The integration events a subscription may name: every event of the Contracts project but those
/// that carry a secret meant for one person (a reset or verification token, a guest's order link).
/// </summary>
public static class WebhookEvents
{
    private static readonly HashSet<Type> CarrySecrets = [typeof(PasswordResetRequested), typeof(EmailVerificationRequested), typeof(GuestCheckedOut)];

    public static IReadOnlyList<Type> Types { get; } = typeof(IIntegrationEvent).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t) && !CarrySecrets.Contains(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    public static IReadOnlySet<string> Names { get; } = Types.Select(EventSerializer.NameOf).ToHashSet(StringComparer.Ordinal);

    /// <summary>Has every offered event recorded as deliveries by <see cref="RecordWebhookDeliveries{TEvent}"/>: the queue is bound to them all.</summary>
    public static MessagingBuilder HandleWebhookEvents(this MessagingBuilder messaging)
    {
        var handle = typeof(MessagingBuilder).GetMethod(nameof(MessagingBuilder.Handle))!;
        foreach (var type in Types)
        {
            handle.MakeGenericMethod(type, typeof(RecordWebhookDeliveries<>).MakeGenericType(type)).Invoke(messaging, null);
        }

        return messaging;
    }

    /// <summary>The body a receiver gets: <c>{id, type, occurredAt, data}</c>, data as the bus carries the event.</summary>
    public static string Body(IIntegrationEvent @event, EventContext context) =>
        JsonSerializer.Serialize(
            new { id = context.MessageId, type = EventSerializer.NameOf(@event.GetType()), occurredAt = context.OccurredAt, data = (object)@event },
            EventSerializer.Options);
}

/// <summary>
/// On an event, a pending delivery for each subscription to its name, in the transaction of the
/// inbox claim: the event is recorded for every subscriber or, if this fails, redelivered.
/// </summary>
internal sealed class RecordWebhookDeliveries<TEvent>(NotificationsDb db, TimeProvider clock) : IEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    private static readonly string Name = EventSerializer.NameOf<TEvent>();

    public async Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        var subscribers = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.Events.Contains(Name))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (subscribers.Count == 0)
        {
            return;
        }

        // A redelivered message finds its inbox claim taken and never gets here; the unique
        // (subscription, event) index guards the rest (the same event published twice with one id).
        var known = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.EventId == context.MessageId && subscribers.Contains(d.SubscriptionId))
            .Select(d => d.SubscriptionId)
            .ToListAsync(cancellationToken);
        var body = WebhookEvents.Body(@event, context);
        var now = clock.GetUtcNow();
        foreach (var subscriber in subscribers.Except(known))
        {
            db.WebhookDeliveries.Add(WebhookDelivery.Pending(subscriber, context.MessageId, Name, body, now));
        }
    }
}
