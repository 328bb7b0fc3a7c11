namespace Bazaar.Notifications.Webhooks;

/// <summary>An integrator's URL and the event names it hears of. The secret is kept encrypted (Data Protection): it signs, so it cannot be a hash.</summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    private WebhookSubscription()
    {
    }

    public Guid Id { get; private set; }

    public string Url { get; private set; } = "";

    public string[] Events { get; private set; } = [];

    public string? Description { get; private set; }

    public string ProtectedSecret { get; private set; } = "";

    public Guid? CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static WebhookSubscription Create(Uri url, IEnumerable<string> events, string? description, string protectedSecret, Guid? createdBy, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            Url = url.AbsoluteUri,
            Events = [.. events],
            Description = description,
            ProtectedSecret = protectedSecret,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
}
