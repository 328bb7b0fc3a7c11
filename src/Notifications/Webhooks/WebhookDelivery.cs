namespace Bazaar.Notifications.Webhooks;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One event on its way to one subscription: the body as it will be signed and sent, and where it
/// stands. At most one per (subscription, event id), so a redelivered event is sent once.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 1000;

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    /// <summary>The integration event's message id, the body's <c>id</c>: receivers dedupe on it.</summary>
    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string Body { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? LastError { get; private set; }

    public static WebhookDelivery Pending(Guid subscriptionId, Guid eventId, string eventType, string body, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            SubscriptionId = subscriptionId,
            EventId = eventId,
            EventType = eventType,
            Body = body,
            Status = WebhookDeliveryStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };

    public void MarkDelivered(DateTimeOffset now)
    {
        Attempts++;
        Status = WebhookDeliveryStatus.Delivered;
        DeliveredAt = now;
        LastError = null;
    }

    /// <summary>Another attempt after <paramref name="backoff"/>, or failed for good once that would fall past <paramref name="retryUntil"/>.</summary>
    public void AttemptFailed(string error, DateTimeOffset now, TimeSpan backoff, DateTimeOffset retryUntil)
    {
        Attempts++;
        LastError = Truncate(error);
        if (now + backoff > retryUntil)
        {
            Status = WebhookDeliveryStatus.Failed;
        }
        else
        {
            NextAttemptAt = now + backoff;
        }
    }

    /// <summary>Not attempted (the instance is stopping): due again at once, for this instance's next start or another.</summary>
    public void Release(DateTimeOffset now) => NextAttemptAt = now;

    internal static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}

/// <summary>One POST of a delivery: what the receiver answered (or why there was no answer) and how long it took.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt()
    {
    }

    public Guid Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public int? StatusCode { get; private set; }

    public long DurationMs { get; private set; }

    public string? Error { get; private set; }

    public static WebhookAttempt Record(Guid deliveryId, DateTimeOffset at, int? statusCode, long durationMs, string? error) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            DeliveryId = deliveryId,
            AttemptedAt = at,
            StatusCode = statusCode,
            DurationMs = durationMs,
            Error = error is null ? null : WebhookDelivery.Truncate(error),
        };
}
