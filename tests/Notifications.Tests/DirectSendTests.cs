using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>An admin's messages (POST /api/notifications/email, /sms, /push) and who may see what.</summary>
public sealed class DirectSendTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendEmail_AdminToAddress_202AndMailArrives()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));
        var to = $"{Guid.NewGuid():N}@example.com";

        var response = await admin.PostAsJsonAsync("/api/notifications/email", new { to, subject = "Your parcel", body = "It is at the front desk." }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel);
        Assert.Equal("pending", accepted!.Status);
        var mail = await app.Mail.WaitForMailAsync(to, "Your parcel");
        Assert.Contains("It is at the front desk.", mail.Text);
        await Eventually.HoldsAsync(async () => (await app.FindAsync(accepted.Id))?.SentAt is not null, TimeSpan.FromSeconds(10), "the notification marked sent");
    }

    [Fact]
    public async Task SendSms_ByAdmin_AuditedWithChannelRecipientAndSubjectButNotTheBody()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out var adminId));

        var response = await admin.PostAsJsonAsync("/api/notifications/sms", new { to = "+44 7700 900456", body = "Private words." }, Cancel);

        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel);
        var audit = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.EntityId == accepted!.Id.ToString()));
        Assert.Equal(("notification", "sent", adminId, null), (audit.Entity, audit.Action, audit.ActorId, audit.Before));
        Assert.Equal(("sms", "+447700900456"), (audit.After!.Value.GetProperty("channel").GetString(), audit.After.Value.GetProperty("to").GetString()));
        Assert.DoesNotContain("Private words.", audit.After.Value.GetRawText());
    }

    [Fact]
    public async Task SendEmail_AdminToUser_MailToTheirAddressAndListedToThem()
    {
        var user = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));

        var response = await admin.PostAsJsonAsync("/api/notifications/email", new { userId = user.Id, body = "Hello from support." }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = await app.Mail.WaitForMailAsync(user.Email, "A message from Bazaar");
        Assert.Contains("Hello from support.", mail.Text);
        await NotificationsApp.WaitForListedAsync(user, "direct", "sent");
    }

    [Fact]
    public async Task SendSms_AdminToNumber_202AndSentThroughTheSmsChannel()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));

        var response = await admin.PostAsJsonAsync("/api/notifications/sms", new { to = "+44 7700 900123", body = "Your code is not in this message." }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel);
        await Eventually.HoldsAsync(async () => (await app.FindAsync(accepted!.Id))?.SentAt is not null, TimeSpan.FromSeconds(10), "the SMS marked sent");
        Assert.Equal("+447700900123", (await app.FindAsync(accepted!.Id))!.Recipient);
    }

    [Theory]
    [InlineData("email", "{\"body\":\"hi\"}", "userId")]
    [InlineData("email", "{\"to\":\"a@example.com\",\"userId\":\"0196a2d0-0000-7000-8000-000000000001\",\"body\":\"hi\"}", "userId")]
    [InlineData("email", "{\"to\":\"a@example.com\",\"body\":\"  \"}", "body")]
    [InlineData("email", "{\"to\":\"Someone <a@example.com>, b@example.com\",\"body\":\"hi\"}", "to")]
    [InlineData("email", "{\"to\":\"a@example.com\",\"subject\":\"two\\nlines\",\"body\":\"hi\"}", "subject")]
    [InlineData("sms", "{\"to\":\"call me\",\"body\":\"hi\"}", "to")]
    [InlineData("push", "{\"to\":\"device token\",\"body\":\"hi\"}", "to")]
    public async Task Send_InvalidRequest_400NamingTheField(string channel, string json, string field)
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));

        var response = await admin.PostAsync($"/api/notifications/{channel}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Fact]
    public async Task Send_UnknownUser_404()
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));

        var response = await admin.PostAsJsonAsync("/api/notifications/push", new { userId = Guid.CreateVersion7(), body = "hi" }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SendSms_UserWithoutMobile_400()
    {
        var user = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));

        var response = await admin.PostAsJsonAsync("/api/notifications/sms", new { userId = user.Id, body = "hi" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Send_Customer_403()
    {
        using var customer = app.ClientWith(app.Tokens.ForCustomer(out _));

        var response = await customer.PostAsJsonAsync("/api/notifications/email", new { to = "a@example.com", body = "hi" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SendAndList_Anonymous_401()
    {
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/notifications/email", new { to = "a@example.com", body = "hi" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications", Cancel)).StatusCode);
    }

    [Fact]
    public async Task ListNotifications_AnotherUsersNotifications_NotListed()
    {
        var first = await app.RegisterAsync();
        var second = await app.RegisterAsync();
        var mine = await NotificationsApp.WaitForListedAsync(first, "welcome", "sent");
        await NotificationsApp.WaitForListedAsync(second, "welcome", "sent");

        var theirs = await NotificationsApp.ListAsync(second.Client);

        Assert.DoesNotContain(theirs.Items, n => n.Id == mine.Id);
        Assert.Equal(1, theirs.TotalCount);
    }

    [Fact]
    public async Task ListNotifications_Paged_NewestFirst()
    {
        var user = await app.RegisterAsync();
        await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));
        (await admin.PostAsJsonAsync("/api/notifications/email", new { userId = user.Id, subject = "Second", body = "b" }, Cancel)).EnsureSuccessStatusCode();

        var page = await user.Client.GetFromJsonAsync<PagedBody<NotificationBody>>("/api/notifications?page=1&pageSize=1", Cancel);

        Assert.Equal((1, 1, 2, 2), (page!.Page, page.PageSize, page.TotalCount, page.TotalPages));
        Assert.Equal("Second", Assert.Single(page.Items).Subject);
    }

    private sealed record AcceptedBody(Guid Id, string Status);
}
