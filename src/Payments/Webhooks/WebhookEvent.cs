namespace Bazaar.Payments.Webhooks;

/// <summary>A provider event handled: its id is the key, so a redelivered event has no second effect.</summary>
public sealed class WebhookEvent
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
