using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.Contracts;

namespace Bazaar.Messaging;

/// <summary>Event bodies are JSON with the API's conventions: camelCase names, snake_case enum values.</summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string NameOf(Type eventType) => eventType.Name;

    public static string NameOf<TEvent>()
        where TEvent : IIntegrationEvent => NameOf(typeof(TEvent));

    public static string Serialize(IIntegrationEvent @event) => JsonSerializer.Serialize(@event, @event.GetType(), Options);
}
