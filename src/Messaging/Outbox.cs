using Bazaar.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Messaging;

public static class Outbox
{
    /// <summary>Baggage item that carries the correlation id from a request into the events it causes.</summary>
    public const string CorrelationBaggage = "correlation.id";

    /// <summary>
    /// Adds <paramref name="event"/> to the outbox. It is sent only if the caller's SaveChanges (and
    /// its transaction, if any) commits: the state change and the event stand or fall together.
    /// </summary>
    public static void AddEvent(this DbContext db, IIntegrationEvent @event)
    {
        var link = TraceLink.Current();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            EventName = EventSerializer.NameOf(@event.GetType()),
            Payload = EventSerializer.Serialize(@event),
            OccurredAt = DateTimeOffset.UtcNow,
            TraceParent = link.TraceParent,
            CorrelationId = link.CorrelationId,
        });
    }
}
