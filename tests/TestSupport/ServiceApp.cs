using System.Net.Http.Headers;
using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bazaar.TestSupport;

/// <summary>
/// One service in memory against the run's real PostgreSQL (a fresh database per fixture), Redis
/// and RabbitMQ, on an exchange and queue of its own, trusting <see cref="Tokens"/>. Each
/// service's test fixture derives from it, adding that service's settings and helpers; a test
/// class uses that fixture as a class fixture, and its variants override <see cref="AddSettings"/>.
/// </summary>
/// <typeparam name="TDb">
/// The service's DbContext: it names the service's assembly (whose entry point is started) and is
/// what <see cref="WithDbAsync{T}"/> hands out.
/// </typeparam>
public abstract class ServiceApp<TDb>(InfrastructureFixture infrastructure, string service) : WebApplicationFactory<TDb>, IAsyncLifetime
    where TDb : DbContext
{
    private string? database;

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public InfrastructureFixture Infrastructure => infrastructure;

    public TestTokens Tokens { get; } = new();

    /// <summary>This fixture's own exchange: its events never reach another test class.</summary>
    public string Exchange { get; } = TestEvents.NewExchange();

    /// <summary>The service's queue (Messaging:ServiceName), unique to this fixture.</summary>
    public string Queue { get; } = $"{service}-{Guid.NewGuid():N}";

    /// <summary>The service's database; a fixture on an existing one (a restart) sets it before it starts.</summary>
    public string DatabaseConnectionString
    {
        get => database ?? throw new InvalidOperationException("Not initialized.");
        protected init => database = value;
    }

    /// <summary>
    /// True for a service that consumes events: the fixture is ready once its queue has a consumer,
    /// so an event a test publishes first thing is not routed to a queue nobody declared yet.
    /// </summary>
    protected virtual bool ConsumesEvents => true;

    /// <summary>How long <see cref="HandledAsync"/> waits for the service to handle an event.</summary>
    protected virtual TimeSpan HandlingTimeout => TimeSpan.FromSeconds(15);

    public virtual async ValueTask InitializeAsync()
    {
        database ??= await infrastructure.CreateDatabaseAsync(service);

        // Starts the host now: migrations (and seeds) run here, not in the first test.
        _ = Server;
        if (ConsumesEvents)
        {
            await Eventually.HoldsAsync(
                () => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, Queue),
                TimeSpan.FromSeconds(30),
                $"the {service} service consumes its queue");
        }
    }

    /// <summary>What this service needs in its tests, beyond its database, Redis and its own bus names.</summary>
    protected virtual void AddServiceSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>What a variant of the fixture changes; applied last, so it wins.</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Services the test replaces; by default only the token keys, so the service trusts <see cref="Tokens"/>.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services) => Tokens.TrustIn(services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = DatabaseConnectionString,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = Queue,
        };
        AddServiceSettings(settings);
        AddSettings(settings);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    public HttpClient Customer() => ClientWith(Tokens.ForCustomer(out _));

    public HttpClient Customer(out Guid userId) => ClientWith(Tokens.ForCustomer(out userId));

    /// <summary>Acts as another service: publishes <paramref name="event"/> to this fixture's exchange.</summary>
    public Task PublishAsync(IIntegrationEvent @event, Guid? messageId = null, string? traceParent = null) =>
        TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event, messageId, traceParent);

    /// <summary>Publishes <paramref name="event"/> and waits until the service has handled it (its inbox row committed with the effect).</summary>
    public async Task HandledAsync(IIntegrationEvent @event, Guid? messageId = null)
    {
        var id = messageId ?? Guid.CreateVersion7();
        await PublishAsync(@event, id);
        await Eventually.HoldsAsync(
            () => WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id, Cancellation)),
            HandlingTimeout,
            $"{@event.GetType().Name} {id} handled");
    }

    /// <summary>The events of a type the service committed to its outbox (sent or about to be), oldest first.</summary>
    public async Task<List<TEvent>> EventsAsync<TEvent>(Func<TEvent, bool>? match = null)
        where TEvent : IIntegrationEvent
    {
        var name = EventSerializer.NameOf<TEvent>();
        var payloads = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.EventName == name).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync(Cancellation));
        return [.. payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, EventSerializer.Options)!).Where(match ?? (_ => true))];
    }

    /// <summary>Runs <paramref name="work"/> against the service's database.</summary>
    public async Task<T> WithDbAsync<T>(Func<TDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDb>());
    }
}
