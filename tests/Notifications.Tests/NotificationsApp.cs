using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notifications;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Tests;

/// <summary>
/// The Notifications service in memory against the run's real PostgreSQL (a fresh database per
/// test class), Redis and RabbitMQ (an exchange and queue of its own) and a MailDev of its own.
/// Use as a class fixture.
/// </summary>
// Not sealed: tests subclass it to change the mail server, rate limits or SMS adapter.
public class NotificationsApp(InfrastructureFixture infrastructure) : ServiceApp<NotificationsDb>(infrastructure, "notifications")
{
    public MailDev Mail { get; } = new();

    /// <summary>Configured in Notifications:AdminEmails: gets the admins' alerts without being a user.</summary>
    public string OperationsAddress { get; } = $"ops-{Guid.NewGuid():N}@example.com";

    /// <summary>Notifications:PublicUrl: where the links in account mails point.</summary>
    public const string PublicUrl = "https://shop.bazaar.test";

    /// <summary>False for a class that starts the mail server itself, later.</summary>
    protected virtual bool StartMailServer => true;

    public override async ValueTask InitializeAsync()
    {
        if (StartMailServer)
        {
            await Mail.StartAsync();
        }

        await base.InitializeAsync();
    }

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        // One message at a time, in order: a test can publish a marker after an event and know
        // that once the marker is handled, so is everything published before it.
        settings["Messaging:ConsumerConcurrency"] = "1";
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = Mail.SmtpPort.ToString();
        settings["Notifications:AdminEmails:0"] = OperationsAddress;
        settings["Notifications:PublicUrl"] = PublicUrl;
        settings["Notifications:Dispatch:PollInterval"] = "00:00:00.200";
        settings["Notifications:Dispatch:RetryBaseDelay"] = "00:00:00.200";
        settings["Notifications:Dispatch:RetryMaxDelay"] = "00:00:01";
        settings["Logging:LogLevel:Default"] = "Warning";
    }

    /// <summary>Announces a new user as Identity would, with an address of their own, and returns a client with their token.</summary>
    public async Task<TestUser> RegisterAsync(string? mobile = null, bool admin = false, Guid? messageId = null)
    {
        var id = Guid.CreateVersion7();
        var user = new TestUser(id, $"{id:N}@example.com", ClientWith(admin ? Tokens.For(id, "admin", "customer") : Tokens.For(id)));
        await PublishAsync(new UserRegistered(id, "Ada Lovelace", user.Email, mobile, admin ? ["admin", "customer"] : ["customer"], DateTimeOffset.UtcNow), messageId);
        return user;
    }

    public static async Task<PagedBody<NotificationBody>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PagedBody<NotificationBody>>("/api/notifications?pageSize=100", Cancellation))!;

    /// <summary>Waits until the user's list shows a notification of <paramref name="template"/> on <paramref name="channel"/> in <paramref name="status"/>.</summary>
    public static async Task<NotificationBody> WaitForListedAsync(TestUser user, string template, string status, string channel = "email")
    {
        NotificationBody? found = null;
        await Eventually.HoldsAsync(
            async () => (found = (await ListAsync(user.Client)).Items.FirstOrDefault(n => n.Template == template && n.Channel == channel && n.Status == status)) is not null,
            TimeSpan.FromSeconds(15),
            $"a {status} {channel} {template} listed for {user.Id}");
        return found!;
    }

    /// <summary>A row as the dispatcher sees it (attempts, last error), straight from the database.</summary>
    public Task<Notification?> FindAsync(Guid id) =>
        WithDbAsync(db => db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, Cancellation));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed record TestUser(Guid Id, string Email, HttpClient Client);

public sealed record NotificationBody(Guid Id, string Channel, string Template, string? Subject, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record PreferencesBody(bool Email, bool Sms, bool Push, bool Marketing);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
