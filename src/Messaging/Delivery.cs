using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Bazaar.Messaging;

/// <summary>Reading a delivery's envelope and body.</summary>
internal static class Delivery
{
    /// <summary>Reads the body once per event type that has a handler for this name; false when it cannot be read.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> body,
        IReadOnlyBasicProperties properties,
        string eventName,
        ILookup<string, HandlerRegistration> handlers,
        out Dictionary<Type, object>? events,
        out EventContext? context)
    {
        events = null;
        context = null;
        if (!Guid.TryParse(properties.MessageId, out var messageId) || !handlers.Contains(eventName))
        {
            return false;
        }

        try
        {
            events = [];
            foreach (var type in handlers[eventName].Select(h => h.EventType).Distinct())
            {
                events[type] = JsonSerializer.Deserialize(body, type, EventSerializer.Options)
                    ?? throw new JsonException("The body is null.");
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var occurredAt = DateTimeOffset.TryParse(Header(properties, MessageHeaders.OccurredAt), out var at)
            ? at
            : DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime);
        context = new EventContext(messageId, occurredAt, Header(properties, MessageHeaders.CorrelationId), 1);
        return true;
    }

    public static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), string text => text, _ => value?.ToString() }
            : null;

    /// <summary>How often the broker delivered this message before (quorum queues count returns).</summary>
    public static int Count(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(MessageHeaders.DeliveryCount, out var value) == true ? Convert.ToInt32(value) : 0;
}
