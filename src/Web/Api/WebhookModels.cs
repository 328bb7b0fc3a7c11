namespace Bazaar.Web.Api;

public sealed record WebhookEntry(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt);

/// <summary>The answer to a new subscription: the only time its signing secret is shown.</summary>
public sealed record CreatedWebhook(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookAttempt(DateTimeOffset AttemptedAt, int? StatusCode, long DurationMs, string? Error);

public sealed record WebhookDelivery(
    Guid Id, Guid EventId, string Type, string Status, int AttemptCount, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, List<WebhookAttempt> Attempts);

/// <summary>The admin's new-webhook form; events are typed as names separated by commas or spaces.</summary>
public sealed class WebhookForm
{
    public string Url { get; set; } = "";

    public string Events { get; set; } = "";

    public string Description { get; set; } = "";

    public object Body() => new
    {
        url = Url.Trim(),
        events = Events.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
    };
}
