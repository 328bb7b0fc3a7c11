using System.Text.Json;
using Bazaar.Contracts.Catalog;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Webhooks;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Notifications.Tests.Webhooks;

/// <summary>Attempts that last up to 5 s, so a hanging receiver holds its slots while a test looks.</summary>
public sealed class SlowWebhooksApp(InfrastructureFixture infrastructure) : WebhooksApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Notifications:Webhooks:AttemptTimeout"] = "00:00:05";
        settings["Notifications:Webhooks:ConcurrencyPerSubscription"] = "4";
    }
}

/// <summary>A slow receiver holds back only itself; two instances deliver each event once.</summary>
public sealed class WebhookScalingTests(SlowWebhooksApp app) : IClassFixture<SlowWebhooksApp>
{
    [Fact]
    public async Task HangingReceiver_TenEvents_FourAtOnceAndAnotherSubscriptionStillServed()
    {
        using var hanging = new WebhookReceiver { Answer = _ => null };
        using var healthy = new WebhookReceiver();
        var slow = await app.SubscribeAsync(hanging.NewUrl(), "ProductArchived");
        var fast = await app.SubscribeAsync(healthy.NewUrl(), "ProductUpdated");

        for (var i = 0; i < 10; i++)
        {
            await app.PublishAsync(new ProductArchived(Guid.CreateVersion7(), DateTimeOffset.UtcNow));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(hanging.Received.Count >= 4), TimeSpan.FromSeconds(10), "four attempts at the hanging receiver");
        await app.PublishAsync(new ProductUpdated(Guid.CreateVersion7(), "SKU-1", "Kettle", Guid.CreateVersion7(), 10m, "EUR", DateTimeOffset.UtcNow));
        await app.WaitForDeliveriesAsync(fast.Id, d => d.Any(x => x.Status == "delivered"), "the other subscription's delivery");

        // Still within the first attempts' 5 s: none of the hanging receiver's attempts has ended.
        Assert.DoesNotContain(await app.DeliveriesAsync(slow.Id), d => d.Attempts.Count > 0);
        Assert.Equal(4, hanging.Received.Count);
        Assert.Equal(4, hanging.MostAtOnce);
        await app.UnsubscribeAsync(slow.Id);
        await app.UnsubscribeAsync(fast.Id);
    }

    [Fact]
    public async Task TwoInstances_ThirtyEvents_EachDeliveredOnceSignedWithTheOneSecret()
    {
        await using var second = new AnotherInstance<NotificationsDb>(app, ["Notifications", "Smtp"]);
        _ = second.Services; // started: its consumer and dispatcher share the queue and the table
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl();
        var webhook = await app.SubscribeAsync(url, "ProductCreated");

        var ids = Enumerable.Range(0, 30).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var id in ids)
        {
            await app.PublishAsync(new ProductCreated(Guid.CreateVersion7(), "SKU", "Kettle", Guid.CreateVersion7(), 10m, "EUR", null, 1, DateTimeOffset.UtcNow), id);
        }

        var deliveries = await app.WaitForDeliveriesAsync(webhook.Id, d => d.Count == 30 && d.All(x => x.Status == "delivered"), "thirty deliveries delivered");
        // One key ring in the database: the second instance reads the secret the first one stored.
        var stored = await app.WithDbAsync(db => db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == webhook.Id).Select(s => s.ProtectedSecret).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(webhook.Secret, second.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored));
        await second.DisposeAsync();
        Assert.All(deliveries, d => Assert.Single(d.Attempts));
        var received = receiver.At(url).ToList();
        Assert.Equal(30, received.Count);
        Assert.Equal(ids.Order(), received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetGuid()).Order());
        Assert.All(received, r => Assert.True(r.SignedWith(webhook.Secret)));
    }
}
