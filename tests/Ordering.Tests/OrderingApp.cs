using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Catalog.Data;
using Bazaar.Contracts;
using Bazaar.LocalInfrastructure;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.Payments.Data;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bazaar.Ordering.Tests;

/// <summary>
/// Ordering in memory, and the real Catalog and Payments on Kestrel ports of their own, as the
/// launcher wires them: Ordering prices orders over HTTP, and closes unpaid orders to payment
/// before a person cancels them, with a service token all trust. Each has a fresh database and its
/// own exchange and queue. Use as a class fixture.
/// </summary>
// Not sealed: tests subclass it to take Catalog or Payments down (CatalogDownApp, PaymentsDownApp).
public class OrderingApp(InfrastructureFixture infrastructure) : WebApplicationFactory<OrderingDb>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> settings = [];
    private ServiceServer<CatalogDb>? catalog;
    private ServiceServer<PaymentsDb>? payments;
    private Uri? catalogUrl;
    private Uri? paymentsUrl;
    private Guid categoryId;

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string Queue { get; } = $"ordering-{Guid.NewGuid():N}";

    public string RabbitMq => infrastructure.RabbitMqConnectionString;

    public async ValueTask InitializeAsync()
    {
        catalogUrl = new Uri($"http://127.0.0.1:{Ports.Free()}");
        catalog = new ServiceServer<CatalogDb>(catalogUrl.Port, Tokens, new()
        {
            ["ConnectionStrings:postgres"] = await infrastructure.CreateDatabaseAsync("catalog"),
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = RabbitMq,
            ["Messaging:Exchange"] = TestEvents.NewExchange(),
            ["Messaging:ServiceName"] = $"catalog-{Guid.NewGuid():N}",
            ["Catalog:SeedDemoData"] = "false",
        });
        catalog.StartServer();

        paymentsUrl = new Uri($"http://127.0.0.1:{Ports.Free()}");
        payments = new ServiceServer<PaymentsDb>(paymentsUrl.Port, Tokens, new()
        {
            ["ConnectionStrings:postgres"] = await infrastructure.CreateDatabaseAsync("payments"),
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = RabbitMq,
            ["Messaging:Exchange"] = TestEvents.NewExchange(),
            ["Messaging:ServiceName"] = $"payments-{Guid.NewGuid():N}",
        });
        payments.StartServer();

        settings["ConnectionStrings:postgres"] = await infrastructure.CreateDatabaseAsync("ordering");
        settings["ConnectionStrings:redis"] = infrastructure.RedisConnectionString;
        settings["ConnectionStrings:rabbitmq"] = RabbitMq;
        settings["Messaging:Exchange"] = Exchange;
        settings["Messaging:ServiceName"] = Queue;
        settings["Messaging:RelayPollInterval"] = "00:00:00.200";
        settings["Services:catalog"] = catalogUrl.ToString().TrimEnd('/');
        settings["Services:payments"] = paymentsUrl.ToString().TrimEnd('/');
        AddSettings(settings);
        _ = Server; // starts now: the migration runs here, not in the first test
        await Eventually.HoldsAsync(() => TestEvents.IsConsumingAsync(RabbitMq, Queue), TimeSpan.FromSeconds(30), "the ordering queue consumed");

        using var admin = CatalogAdmin();
        var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"Shelf {Guid.NewGuid():N}" }, Cancellation);
        categoryId = (await category.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
    }

    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            Tokens.TrustIn(services);
            services.RemoveAll<IServiceTokenSource>();
            services.AddSingleton<IServiceTokenSource>(new TestServiceTokens(Tokens, "ordering"));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }

        if (payments is not null)
        {
            await payments.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    public HttpClient Customer() => ClientWith(Tokens.ForCustomer(out _));

    public HttpClient Customer(out Guid userId) => ClientWith(Tokens.ForCustomer(out userId));

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>An admin of the Catalog service (a separate app on its own port).</summary>
    public HttpClient CatalogAdmin()
    {
        var client = new HttpClient { BaseAddress = catalogUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.ForAdmin(out _));
        return client;
    }

    /// <summary>A product created through Catalog's API.</summary>
    public async Task<Guid> ProductAsync(decimal price, string? name = null)
    {
        using var admin = CatalogAdmin();
        var response = await admin.PostAsJsonAsync("/api/products", new
        {
            sku = $"T-{Guid.NewGuid():N}"[..20],
            name = name ?? $"Product {Guid.NewGuid():N}"[..16],
            description = "",
            categoryId,
            price,
            initialStock = 10,
        }, Cancellation);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
    }

    /// <summary>Plays another service: the event goes through RabbitMQ and waits until Ordering handled it.</summary>
    public async Task HandledAsync(IIntegrationEvent @event)
    {
        var messageId = Guid.CreateVersion7();
        await TestEvents.PublishAsync(RabbitMq, Exchange, @event, messageId);
        await Eventually.HoldsAsync(
            () => WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId, Cancellation)),
            TimeSpan.FromSeconds(15),
            $"{@event.GetType().Name} {messageId} handled");
    }

    /// <summary>The events Ordering committed to its outbox, oldest first.</summary>
    public async Task<List<TEvent>> EventsAsync<TEvent>(Func<TEvent, bool> match)
        where TEvent : IIntegrationEvent
    {
        var name = EventSerializer.NameOf<TEvent>();
        var payloads = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.EventName == name).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync(Cancellation));
        return [.. payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, EventSerializer.Options)!).Where(match)];
    }

    public async Task<T> WithDbAsync<T>(Func<OrderingDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<OrderingDb>());
    }

    /// <summary>Work on the Payments service's database (beside Ordering in these tests).</summary>
    public async Task<T> WithPaymentsDbAsync<T>(Func<PaymentsDb, Task<T>> work)
    {
        await using var scope = payments!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PaymentsDb>());
    }

    private sealed class TestServiceTokens(TestTokens tokens, string clientId) : IServiceTokenSource
    {
        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(tokens.ForService(clientId));
    }

    /// <summary>Another service (Catalog, Payments) on a real port, trusting the same test tokens.</summary>
    private sealed class ServiceServer<TEntryPoint> : WebApplicationFactory<TEntryPoint>
        where TEntryPoint : class
    {
        private readonly TestTokens tokens;
        private readonly Dictionary<string, string?> settings;

        public ServiceServer(int port, TestTokens tokens, Dictionary<string, string?> settings)
        {
            (this.tokens, this.settings) = (tokens, settings);
            UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureTestServices(tokens.TrustIn);
        }
    }
}
