using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests.Webhooks;

/// <summary>Events reaching a real receiver on 127.0.0.1: signed, retried, timed out, never twice.</summary>
public sealed class WebhookDeliveryTests(WebhooksApp app) : IClassFixture<WebhooksApp>
{
    [Fact]
    public async Task OrderPaid_Subscribed_SignedBodyWithEventIdReachesReceiver()
    {
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl();
        var webhook = await app.SubscribeAsync(url, "OrderPaid");
        var messageId = Guid.CreateVersion7();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(Paid(orderId), messageId);

        var delivery = Assert.Single(await app.WaitForDeliveriesAsync(webhook.Id, d => d.Any(x => x.Status == "delivered"), "the OrderPaid delivered"));
        var received = Assert.Single(receiver.At(url));
        Assert.True(received.SignedWith(webhook.Secret), $"the signature {received.Signature} verifies");
        Assert.False(received.SignedWith("whsec_" + new string('0', 64)), "another secret does not verify");
        Assert.Equal("OrderPaid", received.Event);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(messageId, body.GetProperty("id").GetGuid());
        Assert.Equal("OrderPaid", body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("occurredAt", out _));
        Assert.Equal(orderId, body.GetProperty("data").GetProperty("orderId").GetGuid());
        Assert.Equal(45.48m, body.GetProperty("data").GetProperty("totalPrice").GetDecimal());
        Assert.Equal(messageId, delivery.EventId);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(200, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.True(attempt.DurationMs >= 0);
    }

    [Fact]
    public async Task Receiver500ThenOk_Retried_DeliveredOnSecondAttempt()
    {
        using var receiver = new WebhookReceiver { Answer = n => n == 1 ? 500 : 200 };
        var webhook = await app.SubscribeAsync(receiver.NewUrl(), "OrderShipped");

        await app.PublishAsync(new OrderShipped(Guid.CreateVersion7(), Guid.CreateVersion7(), "DHL", "JD01", DateTimeOffset.UtcNow));

        var delivery = Assert.Single(await app.WaitForDeliveriesAsync(webhook.Id, d => d.Any(x => x.Status == "delivered"), "the OrderShipped delivered after a retry"));
        Assert.Equal([500, 200], delivery.Attempts.Select(a => a.StatusCode));
        Assert.Contains("500", delivery.Attempts[0].Error);
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Equal(2, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetGuid()).Distinct());
    }

    [Fact]
    public async Task ReceiverRedirects_NotFollowed_FailedAttemptWithTheStatus()
    {
        using var receiver = new WebhookReceiver { Answer = _ => 302 };
        var webhook = await app.SubscribeAsync(receiver.NewUrl(), "ReservationExpired");

        await app.PublishAsync(new Contracts.Inventory.ReservationExpired(Guid.CreateVersion7(), [], DateTimeOffset.UtcNow));

        var delivery = Assert.Single(await app.WaitForDeliveriesAsync(webhook.Id, d => d.Any(x => x.Attempts.Count > 0), "an attempt recorded"));
        await app.UnsubscribeAsync(webhook.Id);
        Assert.Equal(302, delivery.Attempts[0].StatusCode);
        Assert.Contains("redirects are not followed", delivery.Attempts[0].Error);
        Assert.Equal("pending", delivery.Status);
    }

    [Fact]
    public async Task ReceiverHangs_AttemptTimesOutAndIsRecorded()
    {
        using var receiver = new WebhookReceiver { Answer = _ => null };
        var webhook = await app.SubscribeAsync(receiver.NewUrl(), "OrderDelivered");

        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), Guid.CreateVersion7(), [], DateTimeOffset.UtcNow));

        var delivery = Assert.Single(await app.WaitForDeliveriesAsync(webhook.Id, d => d.Any(x => x.Attempts.Count > 0), "an attempt recorded"));
        await app.UnsubscribeAsync(webhook.Id);
        var attempt = delivery.Attempts[0];
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("Timed out", attempt.Error);
        Assert.InRange(attempt.DurationMs, 900, 5000);
        Assert.Equal("pending", delivery.Status);
    }

    [Fact]
    public async Task SameEventTwice_OneMessageId_OneDelivery()
    {
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl();
        var webhook = await app.SubscribeAsync(url, "OrderCancelled", "OrderRefunded");
        var messageId = Guid.CreateVersion7();
        var cancelled = new OrderCancelled(Guid.CreateVersion7(), Guid.CreateVersion7(), "customer", false, DateTimeOffset.UtcNow);

        await app.HandledAsync(cancelled, messageId);
        await app.PublishAsync(cancelled, messageId);
        // Handled one at a time in order: once this marker is delivered, the duplicate was handled too.
        await app.PublishAsync(new OrderRefunded(cancelled.OrderId, cancelled.UserId, 1m, "EUR", DateTimeOffset.UtcNow));

        var deliveries = await app.WaitForDeliveriesAsync(webhook.Id, d => d.Count(x => x.Status == "delivered") == 2, "both events delivered");
        Assert.Single(deliveries, d => d.Type == "OrderCancelled");
        Assert.Single(receiver.At(url), r => r.Event == "OrderCancelled");
    }

    [Fact]
    public async Task EventNobodySubscribedTo_Handled_NoDelivery()
    {
        using var receiver = new WebhookReceiver();
        var webhook = await app.SubscribeAsync(receiver.NewUrl(), "ProductArchived");

        await app.HandledAsync(Paid(Guid.CreateVersion7()));

        Assert.Empty(await app.DeliveriesAsync(webhook.Id));
        Assert.Empty(receiver.Received);
    }

    private static IIntegrationEvent Paid(Guid orderId) =>
        new OrderPaid(orderId, Guid.CreateVersion7(), Guid.CreateVersion7(), [new(Guid.NewGuid(), "Teapot", 2, 19.99m), new(Guid.NewGuid(), "Green tea", 1, 5.50m)], 45.48m, "EUR", DateTimeOffset.UtcNow);
}
