using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;
using Bazaar.Inventory.Data;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Inventory.Tests;

/// <summary>
/// The Inventory service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
// Not sealed: ShortTtlInventoryApp subclasses it to shorten reservation expiry.
public class InventoryApp(InfrastructureFixture infrastructure) : WebApplicationFactory<InventoryDb>, IAsyncLifetime
{
    private string? database;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string Queue { get; } = $"inventory-{Guid.NewGuid():N}";

    public InfrastructureFixture Infrastructure => infrastructure;

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await infrastructure.CreateDatabaseAsync("inventory");
        _ = Server; // starts now: the migration runs here, not in the first test
        await Eventually.HoldsAsync(() => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, Queue), TimeSpan.FromSeconds(30), "the inventory queue consumed");
    }

    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = database,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = Queue,
            ["Messaging:RelayPollInterval"] = "00:00:00.200",
        };
        AddSettings(settings);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    public HttpClient Customer() => ClientWith(Tokens.ForCustomer(out _));

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Plays another service: the event goes through RabbitMQ to the service's queue.</summary>
    public Task PublishAsync(IIntegrationEvent @event, Guid? messageId = null) =>
        TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event, messageId);

    /// <summary>Publishes and waits until the service has handled the message (its inbox row committed with the effect).</summary>
    public async Task HandledAsync(IIntegrationEvent @event)
    {
        var messageId = Guid.CreateVersion7();
        await PublishAsync(@event, messageId);
        await Eventually.HoldsAsync(
            () => WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId, Cancellation)),
            TimeSpan.FromSeconds(60),
            $"{@event.GetType().Name} {messageId} handled");
    }

    /// <summary>A product Catalog just created, with its stock item in place (through the real event path).</summary>
    public async Task<Guid> NewProductAsync(int initialStock)
    {
        var productId = Guid.CreateVersion7();
        await HandledAsync(new ProductCreated(productId, $"SKU-{productId:N}", "Test product", Guid.CreateVersion7(), 9.99m, "USD", null, initialStock, DateTimeOffset.UtcNow));
        return productId;
    }

    public async Task<StockBody> StockAsync(Guid productId)
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<StockBody>($"/api/inventory/{productId}", Cancellation))!;
    }

    /// <summary>The events the service has committed to its outbox (sent or about to be), oldest first.</summary>
    public async Task<List<TEvent>> EventsAsync<TEvent>()
        where TEvent : IIntegrationEvent
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        var name = EventSerializer.NameOf<TEvent>();
        var payloads = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.EventName == name)
            .OrderBy(m => m.Id)
            .Select(m => m.Payload)
            .ToListAsync(Cancellation);
        return [.. payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, EventSerializer.Options)!)];
    }

    /// <summary>Runs <paramref name="work"/> against the service's database.</summary>
    public async Task<T> WithDbAsync<T>(Func<InventoryDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<InventoryDb>());
    }
}

/// <summary>Reservations lapse after a second and are swept every 100 ms.</summary>
public sealed class ShortTtlInventoryApp(InfrastructureFixture infrastructure) : InventoryApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Inventory:ReservationTtl"] = "00:00:01";
        settings["Inventory:ExpirySweepInterval"] = "00:00:00.100";
    }
}
