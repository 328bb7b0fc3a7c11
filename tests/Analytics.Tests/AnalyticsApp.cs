using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Analytics.Data;
using Bazaar.Contracts;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Analytics.Tests;

/// <summary>
/// The Analytics service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
public sealed class AnalyticsApp(InfrastructureFixture infrastructure) : WebApplicationFactory<AnalyticsDb>, IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private string? database;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string QueueName { get; } = $"analytics-{Guid.NewGuid():N}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await infrastructure.CreateDatabaseAsync("analytics");

        // Starts the host now (migrations run here), then waits until events published to the exchange reach the service.
        _ = Server;
        await Eventually.HoldsAsync(
            () => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, QueueName),
            TimeSpan.FromSeconds(30),
            "the Analytics service consumes its queue");
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
            // One message at a time, in publishing order: a test knows an earlier message was
            // handled once a later one was, which is how it sees a duplicate had no effect.
            ["Messaging:ConsumerConcurrency"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
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

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    /// <summary>Acts as another service: publishes <paramref name="event"/> to this app's exchange.</summary>
    public Task PublishAsync(IIntegrationEvent @event, Guid? messageId = null) =>
        TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event, messageId);

    /// <summary>Publishes <paramref name="event"/> and waits until the service has handled it.</summary>
    public async Task HandledAsync(IIntegrationEvent @event, Guid? messageId = null)
    {
        var id = messageId ?? Guid.CreateVersion7();
        await PublishAsync(@event, id);
        await Eventually.HoldsAsync(
            () => WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id, Cancellation)),
            Timeout,
            $"{@event.GetType().Name} {id} handled");
    }

    /// <summary>GETs <paramref name="url"/> as an admin until <paramref name="done"/> holds, and returns that answer.</summary>
    public async Task<T> ReportWhenAsync<T>(string url, Func<T, bool> done)
    {
        using var admin = Admin();
        T? report = default;
        await Eventually.HoldsAsync(
            async () => done(report = (await admin.GetFromJsonAsync<T>(url, Cancellation))!),
            Timeout,
            $"{url} as expected");
        return report!;
    }

    /// <summary>Runs <paramref name="work"/> against the service's database.</summary>
    public async Task<T> WithDbAsync<T>(Func<AnalyticsDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AnalyticsDb>());
    }
}
