namespace Bazaar.Analytics.Events;

/// <summary>
/// One thing that happened: a tracked client event or an integration event of another service.
/// Stored in <c>analytics_events</c>, partitioned by month on <see cref="OccurredAt"/>.
/// </summary>
public sealed class AnalyticsEvent
{
    public const int MaxTypeLength = 64;
    public const int MaxSessionIdLength = 128;
    public const int MaxSourceLength = 64;

    /// <summary>The source of events sent to POST /api/analytics/event.</summary>
    public const string ClientSource = "client";

    private AnalyticsEvent()
    {
    }

    public Guid Id { get; private init; }

    /// <summary>Lower snake_case: a client's own name (<c>product_view</c>) or the event name's (<c>order_paid</c>).</summary>
    public string Type { get; private init; } = string.Empty;

    public Guid? UserId { get; private init; }

    public Guid? ProductId { get; private init; }

    public Guid? OrderId { get; private init; }

    public string? SessionId { get; private init; }

    /// <summary>A JSON object: the client's properties, or the integration event's whole body.</summary>
    public string Properties { get; private init; } = "{}";

    public DateTimeOffset OccurredAt { get; private init; }

    /// <summary><see cref="ClientSource"/>, or the name of the integration event it was recorded from.</summary>
    public string Source { get; private init; } = ClientSource;

    public static AnalyticsEvent Tracked(string type, Guid? userId, Guid? productId, string? sessionId, string properties, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Type = type,
        UserId = userId,
        ProductId = productId,
        SessionId = sessionId,
        Properties = properties,
        OccurredAt = now.ToUniversalTime(),
        Source = ClientSource,
    };

    public static AnalyticsEvent Recorded(
        string type, string source, EventSubjects subjects, string properties, DateTimeOffset occurredAt) => new()
    {
        Id = Guid.CreateVersion7(occurredAt),
        Type = type,
        UserId = subjects.UserId,
        ProductId = subjects.ProductId,
        OrderId = subjects.OrderId,
        SessionId = subjects.SessionId,
        Properties = properties,
        // PostgreSQL stores instants; Npgsql writes only UTC offsets.
        OccurredAt = occurredAt.ToUniversalTime(),
        Source = source,
    };
}

/// <summary>Whom and what an integration event is about, and when it happened.</summary>
public sealed record EventSubjects(
    DateTimeOffset OccurredAt, Guid? UserId = null, Guid? ProductId = null, Guid? OrderId = null, string? SessionId = null);
