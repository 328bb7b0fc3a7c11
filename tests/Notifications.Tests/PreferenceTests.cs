using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Notifications.Tests;

public sealed class PreferenceTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetPreferences_NeverSet_Defaults()
    {
        using var client = app.ClientWith(app.Tokens.ForCustomer(out _));

        var preferences = await client.GetFromJsonAsync<PreferencesBody>("/api/notifications/preferences", Cancel);

        Assert.Equal(new PreferencesBody(Email: true, Sms: false, Push: false, Marketing: false), preferences);
    }

    [Fact]
    public async Task PutPreferences_AllFour_StoredAndReturned()
    {
        using var client = app.ClientWith(app.Tokens.ForCustomer(out _));
        var wanted = new PreferencesBody(Email: false, Sms: true, Push: true, Marketing: true);

        var put = await client.PutAsJsonAsync("/api/notifications/preferences", wanted, Cancel);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(wanted, await put.Content.ReadFromJsonAsync<PreferencesBody>(Cancel));
        Assert.Equal(wanted, await client.GetFromJsonAsync<PreferencesBody>("/api/notifications/preferences", Cancel));
    }

    [Fact]
    public async Task PutPreferences_FlagMissing_400AndNothingChanged()
    {
        using var client = app.ClientWith(app.Tokens.ForCustomer(out _));

        var put = await client.PutAsJsonAsync("/api/notifications/preferences", new { email = false, sms = true }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<ProblemBody>(Cancel);
        Assert.Equal(["marketing", "push"], problem!.Errors!.Keys.Order());
        Assert.True((await client.GetFromJsonAsync<PreferencesBody>("/api/notifications/preferences", Cancel))!.Email);
    }

    [Fact]
    public async Task Preferences_Anonymous_401()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/notifications/preferences", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutAsJsonAsync("/api/notifications/preferences", new PreferencesBody(true, true, true, true), Cancel)).StatusCode);
    }

    [Fact]
    public async Task EmailOff_OrderPaid_NoMailAndConfirmationListedAsSkipped()
    {
        var userId = Guid.CreateVersion7();
        var email = $"{userId:N}@example.com";
        var user = new TestUser(userId, email, app.ClientWith(app.Tokens.For(userId)));
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new PreferencesBody(false, false, false, false), Cancel)).EnsureSuccessStatusCode();
        await app.PublishAsync(new UserRegistered(userId, "Quiet Person", email, null, ["customer"], DateTimeOffset.UtcNow));

        await app.PublishAsync(new OrderPaid(Guid.CreateVersion7(), userId, Guid.NewGuid(), [new(Guid.NewGuid(), "Teapot", 1, 19.99m)], 19.99m, "EUR", DateTimeOffset.UtcNow));

        // A later mail to someone else: events are handled one at a time and mails sent in the order
        // they were recorded, so once this one is in the mailbox, a mail to the buyer would be too.
        var marker = await app.RegisterAsync();
        await app.Mail.WaitForMailAsync(marker.Email, "Welcome to Bazaar");
        Assert.Empty(await app.Mail.MailsToAsync(email));
        var listed = await NotificationsApp.WaitForListedAsync(user, "order_confirmation", "skipped");
        Assert.Null(listed.SentAt);
        Assert.Contains("turned off", (await app.FindAsync(listed.Id))!.LastError);
        await NotificationsApp.WaitForListedAsync(user, "welcome", "skipped");
    }

    [Fact]
    public async Task EmailOffSmsOn_OrderShipped_TextSentMailSkipped()
    {
        var user = await app.RegisterAsync(mobile: "+4915112345679");
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new PreferencesBody(false, true, false, false), Cancel)).EnsureSuccessStatusCode();

        await app.PublishAsync(new OrderShipped(Guid.CreateVersion7(), user.Id, "UPS", "1Z999AA10123456784", DateTimeOffset.UtcNow));

        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "sent", "sms");
        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "skipped", "email");
        Assert.DoesNotContain(await app.Mail.MailsToAsync(user.Email), m => m.Subject.Contains("has shipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SmsAndPushOn_OrderShipped_SentOnEveryChosenChannel()
    {
        var user = await app.RegisterAsync(mobile: "+4915112345678");
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new PreferencesBody(true, true, true, false), Cancel)).EnsureSuccessStatusCode();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");

        await app.PublishAsync(new OrderShipped(Guid.CreateVersion7(), user.Id, "DHL", "TRACK-1", DateTimeOffset.UtcNow));

        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "sent", "email");
        var sms = await NotificationsApp.WaitForListedAsync(user, "order_shipped", "sent", "sms");
        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "sent", "push");
        var row = await app.FindAsync(sms.Id);
        Assert.Equal("+4915112345678", row!.Recipient);
        Assert.Contains("TRACK-1", row.Body);
    }

    [Fact]
    public async Task SmsOnWithoutMobile_OrderShipped_SmsSkipped()
    {
        var user = await app.RegisterAsync();
        (await user.Client.PutAsJsonAsync("/api/notifications/preferences", new PreferencesBody(true, true, false, false), Cancel)).EnsureSuccessStatusCode();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");

        await app.PublishAsync(new OrderShipped(Guid.CreateVersion7(), user.Id, "DHL", "TRACK-2", DateTimeOffset.UtcNow));

        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "skipped", "sms");
        await NotificationsApp.WaitForListedAsync(user, "order_shipped", "sent", "email");
    }
}
