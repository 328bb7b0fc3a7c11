using Bazaar.Analytics.Data;
using Bazaar.Contracts;
using Bazaar.Messaging;

namespace Bazaar.Analytics.Events;

/// <summary>
/// Records an integration event as a row. The consumer's inbox claim commits with the row, so a
/// redelivered message adds nothing.
/// </summary>
public sealed class RecordIntegrationEvent<TEvent>(AnalyticsDb db) : IEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    public Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        db.Events.Add(IntegrationEventRows.From(@event, context));
        return Task.CompletedTask;
    }
}
