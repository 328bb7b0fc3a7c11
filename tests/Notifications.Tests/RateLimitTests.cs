using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Notifications.Notifications;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>The service with rate limits low enough to reach in a test.</summary>
public sealed class AppWithLowRateLimits(InfrastructureFixture infrastructure) : NotificationsApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Notifications:RateLimits:PerRecipientPerHour"] = "2";
        settings["Notifications:RateLimits:TransactionalPerRecipientPerHour"] = "3";
    }
}

public sealed class RateLimitTests(AppWithLowRateLimits app) : IClassFixture<AppWithLowRateLimits>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendEmail_OverThePerRecipientLimit_LaterOneSkippedAndOtherRecipientsUnaffected()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));
        var to = $"{Guid.NewGuid():N}@example.com";
        var other = $"{Guid.NewGuid():N}@example.com";
        var ids = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await SendAsync(admin, to, $"Message {i}"));
        }

        var otherId = await SendAsync(admin, other, "Message to another");

        await Eventually.HoldsAsync(
            async () => (await Task.WhenAll(ids.Append(otherId).Select(app.FindAsync))).All(n => n!.Status != NotificationStatus.Pending),
            TimeSpan.FromSeconds(15),
            "every message decided");
        var rows = await Task.WhenAll(ids.Select(app.FindAsync));
        Assert.Equal([NotificationStatus.Sent, NotificationStatus.Sent, NotificationStatus.Skipped], rows.Select(r => r!.Status));
        Assert.StartsWith("Rate limited:", rows[2]!.LastError);
        Assert.Equal(["Message 1", "Message 2"], (await app.Mail.MailsToAsync(to)).Select(m => m.Subject).Order());
        Assert.Equal(NotificationStatus.Sent, (await app.FindAsync(otherId))!.Status);
        await app.Mail.WaitForMailAsync(other, "Message to another");
    }

    [Fact]
    public async Task OrderMails_OverTheTransactionalLimit_NewestListedAsSkipped()
    {
        var user = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");

        for (var i = 0; i < 3; i++)
        {
            await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), user.Id, [], DateTimeOffset.UtcNow));
        }

        // Welcome and two deliveries make three, the transactional cap: above the other cap of two, below this one.
        var skipped = await NotificationsApp.WaitForListedAsync(user, "order_delivered", "skipped");
        var delivered = (await NotificationsApp.ListAsync(user.Client)).Items.Where(n => n.Template == "order_delivered").ToList();
        Assert.Equal(2, delivered.Count(n => n.Status == "sent"));
        Assert.Equal(delivered.Max(n => n.CreatedAt), skipped.CreatedAt);
        Assert.Equal(3, (await app.Mail.MailsToAsync(user.Email)).Count);
    }

    private static async Task<Guid> SendAsync(HttpClient admin, string to, string subject)
    {
        var response = await admin.PostAsJsonAsync("/api/notifications/email", new { to, subject, body = "Hello." }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel))!.Id;
    }

    private sealed record AcceptedBody(Guid Id, string Status);
}
