using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Identity;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notifications;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Notifications.Tests;

/// <summary>
/// The Notifications service in memory against the run's real PostgreSQL (a fresh database per
/// test class), Redis and RabbitMQ (an exchange and queue of its own) and a MailDev of its own.
/// Use as a class fixture.
/// </summary>
// Not sealed: tests subclass it to change the mail server, rate limits or SMS adapter.
public class NotificationsApp(InfrastructureFixture infrastructure) : WebApplicationFactory<NotificationsDb>, IAsyncLifetime
{
    private string? database;

    public TestTokens Tokens { get; } = new();

    public MailDev Mail { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string QueueName { get; } = $"notifications-{Guid.NewGuid():N}";

    /// <summary>Configured in Notifications:AdminEmails: gets the admins' alerts without being a user.</summary>
    public string OperationsAddress { get; } = $"ops-{Guid.NewGuid():N}@example.com";

    /// <summary>False for a class that starts the mail server itself, later.</summary>
    protected virtual bool StartMailServer => true;

    /// <summary>Configuration a derived fixture adds (or overrides).</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await infrastructure.CreateDatabaseAsync("notifications");
        if (StartMailServer)
        {
            await Mail.StartAsync();
        }

        // Starts the host now (migrations run here), then waits until events published to the exchange reach the service.
        _ = Server;
        await Eventually.HoldsAsync(
            () => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, QueueName),
            TimeSpan.FromSeconds(30),
            "the Notifications service consumes its queue");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = database,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = QueueName,
            // One message at a time, in order: a test can publish a marker after an event and know
            // that once the marker is handled, so is everything published before it.
            ["Messaging:ConsumerConcurrency"] = "1",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.SmtpPort.ToString(),
            ["Notifications:AdminEmails:0"] = OperationsAddress,
            ["Notifications:Dispatch:PollInterval"] = "00:00:00.200",
            ["Notifications:Dispatch:RetryBaseDelay"] = "00:00:00.200",
            ["Notifications:Dispatch:RetryMaxDelay"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings.Concat(MoreSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Announces a new user as Identity would, with an address of their own, and returns a client with their token.</summary>
    public async Task<TestUser> RegisterAsync(string? mobile = null, bool admin = false, Guid? messageId = null)
    {
        var id = Guid.CreateVersion7();
        var user = new TestUser(id, $"{id:N}@example.com", ClientWith(admin ? Tokens.For(id, "admin", "customer") : Tokens.For(id)));
        await PublishAsync(new UserRegistered(id, "Ada Lovelace", user.Email, mobile, admin ? ["admin", "customer"] : ["customer"], DateTimeOffset.UtcNow), messageId);
        return user;
    }

    /// <summary>Acts as another service: publishes <paramref name="event"/> to this app's exchange.</summary>
    public Task PublishAsync(IIntegrationEvent @event, Guid? messageId = null) =>
        TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event, messageId);

    public static async Task<PagedBody<NotificationBody>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PagedBody<NotificationBody>>("/api/notifications?pageSize=100", Cancel))!;

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
    public async Task<Notification?> FindAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDb>().Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, Cancel);
    }

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
