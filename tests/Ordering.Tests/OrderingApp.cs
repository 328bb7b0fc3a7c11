using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Catalog.Data;
using Bazaar.LocalInfrastructure;
using Bazaar.Ordering.Data;
using Bazaar.Payments.Data;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Ordering.Tests;

/// <summary>
/// Ordering in memory, and the real Catalog and Payments on Kestrel ports of their own, as the
/// launcher wires them: Ordering prices orders over HTTP, and closes unpaid orders to payment
/// before a person cancels them, with a service token all trust. Each has a fresh database and its
/// own exchange and queue. Use as a class fixture.
/// </summary>
// Not sealed: tests subclass it to take Catalog or Payments down (CatalogDownApp, PaymentsDownApp).
public class OrderingApp(InfrastructureFixture infrastructure) : ServiceApp<OrderingDb>(infrastructure, "ordering")
{
    private KestrelApp<CatalogDb>? catalog;
    private KestrelApp<PaymentsDb>? payments;
    private Uri? catalogUrl;
    private Uri? paymentsUrl;
    private Guid categoryId;

    /// <summary>Identity's address book and Cart's lines, as Ordering reads them.</summary>
    public NeighboursStandIn Neighbours { get; } = new();

    public Guid CategoryId => categoryId;

    public string RabbitMq => Infrastructure.RabbitMqConnectionString;

    public override async ValueTask InitializeAsync()
    {
        catalogUrl = new Uri($"http://127.0.0.1:{Ports.Free()}");
        catalog = new KestrelApp<CatalogDb>(catalogUrl.Port, await NeighbourSettingsAsync("catalog"), Tokens);
        catalog.StartServer();

        paymentsUrl = new Uri($"http://127.0.0.1:{Ports.Free()}");
        payments = new KestrelApp<PaymentsDb>(paymentsUrl.Port, await NeighbourSettingsAsync("payments"), Tokens);
        payments.StartServer();
        await Neighbours.StartAsync();

        await base.InitializeAsync();

        using var admin = CatalogAdmin();
        var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"Shelf {Guid.NewGuid():N}" }, Cancellation);
        categoryId = (await category.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
    }

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        settings["Messaging:RelayPollInterval"] = "00:00:00.200";
        settings["Services:catalog"] = catalogUrl!.ToString().TrimEnd('/');
        settings["Services:payments"] = paymentsUrl!.ToString().TrimEnd('/');
        settings["Services:identity"] = Neighbours.Url.ToString().TrimEnd('/');
        settings["Services:cart"] = Neighbours.Url.ToString().TrimEnd('/');
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.RemoveAll<IServiceTokenSource>();
        services.AddSingleton<IServiceTokenSource>(new TestServiceTokens(Tokens, "ordering"));
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

        await Neighbours.DisposeAsync();

        GC.SuppressFinalize(this);
    }

    /// <summary>An admin of the Catalog service (a separate app on its own port).</summary>
    public HttpClient CatalogAdmin()
    {
        var client = new HttpClient { BaseAddress = catalogUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.ForAdmin(out _));
        return client;
    }

    /// <summary>A product created through Catalog's API.</summary>
    public async Task<Guid> ProductAsync(decimal price, string? name = null, string taxClass = "standard", Guid? category = null)
    {
        using var admin = CatalogAdmin();
        var response = await admin.PostAsJsonAsync("/api/products", new
        {
            sku = $"T-{Guid.NewGuid():N}"[..20],
            name = name ?? $"Product {Guid.NewGuid():N}"[..16],
            description = "",
            categoryId = category ?? categoryId,
            price,
            initialStock = 10,
            taxClass,
        }, Cancellation);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
    }

    /// <summary>Work on the Payments service's database (beside Ordering in these tests).</summary>
    public async Task<T> WithPaymentsDbAsync<T>(Func<PaymentsDb, Task<T>> work)
    {
        await using var scope = payments!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PaymentsDb>());
    }

    /// <summary>A neighbour's settings: a fresh database and an exchange and queue of its own, so it hears nothing of Ordering's tests.</summary>
    private async Task<Dictionary<string, string?>> NeighbourSettingsAsync(string service)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = await Infrastructure.CreateDatabaseAsync(service),
            ["ConnectionStrings:redis"] = Infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = RabbitMq,
            ["Messaging:Exchange"] = TestEvents.NewExchange(),
            ["Messaging:ServiceName"] = $"{service}-{Guid.NewGuid():N}",
        };
        if (service == "catalog")
        {
            settings["Catalog:SeedDemoData"] = "false";
        }

        return settings;
    }

    private sealed class TestServiceTokens(TestTokens tokens, string clientId) : IServiceTokenSource
    {
        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(tokens.ForService(clientId));
    }
}
