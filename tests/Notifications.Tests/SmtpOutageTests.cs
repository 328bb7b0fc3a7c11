using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Notifications.Notifications;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>The service with its SMTP server down at first: started later by the test.</summary>
public sealed class AppWithMailServerDown(InfrastructureFixture infrastructure) : NotificationsApp(infrastructure)
{
    protected override bool StartMailServer => false;
}

public sealed class SmtpOutageTests(AppWithMailServerDown app) : IClassFixture<AppWithMailServerDown>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SmtpDown_MailWaitsWithoutUsingAttempts_DeliveredOnceWhenTheServerIsBack()
    {
        await app.Mail.StopAsync();
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();
        await app.PublishAsync(new OrderPaid(orderId, user.Id, Guid.NewGuid(), [new(Guid.NewGuid(), "Teapot", 2, 19.99m)], 39.98m, "EUR", DateTimeOffset.UtcNow));
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));
        var to = $"{Guid.NewGuid():N}@example.com";
        var response = await admin.PostAsJsonAsync("/api/notifications/email", new { to, subject = "While down", body = "Still arrives." }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel))!.Id;

        // Tried and put off: still pending, the reason recorded, no attempt used up.
        await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.LastError is not null, TimeSpan.FromSeconds(10), "a failed try recorded");
        var waiting = (await app.FindAsync(id))!;
        Assert.Equal((NotificationStatus.Pending, 0), (waiting.Status, waiting.Attempts));
        Assert.Contains("unavailable", waiting.LastError);
        await NotificationsApp.WaitForListedAsync(user, "welcome", "pending");
        await NotificationsApp.WaitForListedAsync(user, "order_confirmation", "pending");

        await app.Mail.StartAsync();

        await app.Mail.WaitForMailAsync(to, "While down");
        await app.Mail.WaitForMailAsync(user.Email, "Welcome to Bazaar");
        var confirmation = await app.Mail.WaitForMailAsync(user.Email, "is confirmed");
        Assert.Contains(orderId.ToString(), confirmation.Text);
        Assert.Contains("Total paid: 39.98 EUR", confirmation.Text);
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        await NotificationsApp.WaitForListedAsync(user, "order_confirmation", "sent");
        Assert.Single(await app.Mail.MailsToAsync(to));
        Assert.Equal(2, (await app.Mail.MailsToAsync(user.Email)).Count);
    }

    [Fact]
    public async Task SmtpRestarted_MailRecordedMeanwhile_NothingLost()
    {
        await app.Mail.StartAsync();
        var before = await app.RegisterAsync();
        await app.Mail.WaitForMailAsync(before.Email, "Welcome to Bazaar");

        await app.Mail.StopAsync();
        var during = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(during, "welcome", "pending");
        await app.Mail.StartAsync();

        await app.Mail.WaitForMailAsync(during.Email, "Welcome to Bazaar");
        await NotificationsApp.WaitForListedAsync(during, "welcome", "sent");
    }

    [Fact]
    public async Task EmailTurnedOffWhileMailWaits_NotSentWhenTheServerIsBack()
    {
        await app.Mail.StopAsync();
        var user = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "pending");
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { email = false, sms = false, push = false, marketing = false }, Cancel)).EnsureSuccessStatusCode();

        await app.Mail.StartAsync();

        // Skipped is final and decided instead of sending: once listed so, no mail can follow.
        await NotificationsApp.WaitForListedAsync(user, "welcome", "skipped");
        Assert.Empty(await app.Mail.MailsToAsync(user.Email));
    }

    private sealed record AcceptedBody(Guid Id, string Status);
}
