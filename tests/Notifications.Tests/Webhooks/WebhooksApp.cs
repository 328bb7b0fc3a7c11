using System.Net;
using System.Net.Http.Json;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests.Webhooks;

/// <summary>Notifications with webhook timings short enough for tests; receivers on 127.0.0.1 allowed.</summary>
// Not sealed: the SSRF tests take the same app with private targets refused.
public class WebhooksApp(InfrastructureFixture infrastructure) : NotificationsApp(infrastructure)
{
    protected virtual bool AllowPrivateTargets => true;

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        base.AddServiceSettings(settings);
        settings["Notifications:Webhooks:AllowPrivateTargets"] = AllowPrivateTargets.ToString();
        settings["Notifications:Webhooks:AttemptTimeout"] = "00:00:01";
        settings["Notifications:Webhooks:RetryBaseDelay"] = "00:00:00.100";
        settings["Notifications:Webhooks:RetryMaxDelay"] = "00:00:00.300";
        settings["Notifications:Webhooks:PollInterval"] = "00:00:00.100";
    }

    /// <summary>Subscribes <paramref name="url"/> to <paramref name="events"/> as an admin; returns the answer with the secret.</summary>
    public async Task<CreatedWebhook> SubscribeAsync(string url, params string[] events)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, events, description = "test receiver" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedWebhook>(Cancellation))!;
    }

    public async Task<List<DeliveryBody>> DeliveriesAsync(Guid subscriptionId)
    {
        using var admin = Admin();
        return (await admin.GetFromJsonAsync<PagedBody<DeliveryBody>>($"/api/webhooks/{subscriptionId}/deliveries?pageSize=100", Cancellation))!.Items;
    }

    /// <summary>Waits until the subscription's deliveries satisfy <paramref name="condition"/>; returns them as they were then.</summary>
    public async Task<List<DeliveryBody>> WaitForDeliveriesAsync(Guid subscriptionId, Func<List<DeliveryBody>, bool> condition, string what)
    {
        List<DeliveryBody> deliveries = [];
        await Eventually.HoldsAsync(async () => condition(deliveries = await DeliveriesAsync(subscriptionId)), TimeSpan.FromSeconds(20), () => $"{what}; deliveries: {string.Join("; ", deliveries)}");
        return deliveries;
    }

    /// <summary>Ends a subscription a test is done with, so its retries stop.</summary>
    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        using var admin = Admin();
        await admin.DeleteAsync($"/api/webhooks/{subscriptionId}", Cancellation);
    }
}

public sealed class GuardedWebhooksApp(InfrastructureFixture infrastructure) : WebhooksApp(infrastructure)
{
    protected override bool AllowPrivateTargets => false;
}

public sealed record CreatedWebhook(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

public sealed record SubscriptionBody(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt);

public sealed record AttemptBody(DateTimeOffset AttemptedAt, int? StatusCode, long DurationMs, string? Error);

public sealed record DeliveryBody(
    Guid Id, Guid EventId, string Type, string Status, int AttemptCount, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, List<AttemptBody> Attempts)
{
    public override string ToString() => $"{Type} {Status} [{string.Join(", ", Attempts.Select(a => $"{a.StatusCode?.ToString() ?? "-"} {a.Error}"))}]";
}
