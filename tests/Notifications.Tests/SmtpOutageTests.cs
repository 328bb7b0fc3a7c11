using System.Net;
using System.Net.Http.Json;
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

        await app.Mail.StartAsync();

        await app.Mail.WaitForMailAsync(to, "While down");
        await app.Mail.WaitForMailAsync(user.Email, "Welcome to Bazaar");
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        Assert.Single(await app.Mail.MailsToAsync(to));
        Assert.Single(await app.Mail.MailsToAsync(user.Email));
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

    private sealed record AcceptedBody(Guid Id, string Status);
}
