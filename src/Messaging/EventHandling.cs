using Bazaar.Contracts;

namespace Bazaar.Messaging;

/// <summary>What a handler knows of the message besides the event itself.</summary>
public sealed record EventContext(Guid MessageId, DateTimeOffset OccurredAt, string? CorrelationId, int DeliveryCount);

/// <summary>
/// Reacts to one kind of event. Runs in a DI scope inside a database transaction of the service's
/// DbContext (inject it): its changes, the events it adds and the inbox record commit together,
/// so a redelivered message has no second effect. Throw to have the message retried. Several
/// messages may share one scope and transaction (a batch): when a handler runs, the changes made
/// for the messages before it are saved but not yet committed. Keep no state in a handler between calls.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken);
}

/// <summary>One handler of one event name, able to invoke it on a deserialized event.</summary>
internal sealed record HandlerRegistration(
    string EventName,
    string HandlerName,
    Type EventType,
    Func<IServiceProvider, object, EventContext, CancellationToken, Task> Invoke)
{
    public static HandlerRegistration For<TEvent, THandler>()
        where TEvent : IIntegrationEvent
        where THandler : IEventHandler<TEvent> =>
        new(
            EventSerializer.NameOf<TEvent>(),
            StableName(typeof(THandler)),
            typeof(TEvent),
            (services, @event, context, cancellationToken) =>
                ((THandler)services.GetService(typeof(THandler))!).HandleAsync((TEvent)@event, context, cancellationToken));

    /// <summary>
    /// The handler's name as the inbox keeps it: namespace, name and type arguments, without
    /// assembly versions, so a redelivery across a deployment still finds its inbox record.
    /// </summary>
    private static string StableName(Type type) =>
        type.IsGenericType
            ? $"{type.Namespace}.{type.Name}[{string.Join(",", type.GetGenericArguments().Select(StableName))}]"
            : type.FullName ?? type.Name;
}
