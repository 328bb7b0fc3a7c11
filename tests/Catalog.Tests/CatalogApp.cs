using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Catalog.Data;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Bazaar.Catalog.Tests;

/// <summary>
/// The Catalog service in memory against real PostgreSQL (a fresh database per test class),
/// Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture; subclasses
/// add data or change settings.
/// </summary>
// Not sealed: tests subclass it to seed data or change settings (SearchCatalogApp, SeededCatalogApp, ...).
public class CatalogApp(InfrastructureFixture infrastructure) : WebApplicationFactory<CatalogDb>, IAsyncLifetime
{
    private string? databaseConnectionString;

    public InfrastructureFixture Infrastructure => infrastructure;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    /// <summary>The service's queue (Messaging:ServiceName), unique to this app.</summary>
    public string Queue { get; } = $"catalog-{Guid.NewGuid():N}";

    public string DatabaseConnectionString => databaseConnectionString ?? throw new InvalidOperationException("Not initialized.");

    public virtual async ValueTask InitializeAsync()
    {
        databaseConnectionString = await infrastructure.CreateDatabaseAsync("catalog");

        // Starts the host now: migrations (and a seed, if asked for) happen here, not in the first test.
        _ = Server;
    }

    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = DatabaseConnectionString,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = Queue,
            ["Catalog:SeedDemoData"] = "false",
        };
        AddSettings(settings);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(Tokens.TrustIn);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    public HttpClient Vendor(out Guid vendorId) => ClientWith(Tokens.ForVendor(out vendorId));

    public HttpClient Customer() => ClientWith(Tokens.ForCustomer(out _));

    public async Task<CategoryBody> CreateCategoryAsync(string name, Guid? parentId = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/categories", new { name, parentId }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<CategoryBody>();
    }

    /// <summary>Creates a product as <paramref name="client"/> (an admin when null) and returns it.</summary>
    public async Task<ProductBody> CreateProductAsync(object body, HttpClient? client = null)
    {
        using var admin = client is null ? Admin() : null;
        var response = await (client ?? admin!).PostAsJsonAsync("/api/products", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<ProductBody>();
    }

    /// <summary>A valid product body; a unique sku unless one is given.</summary>
    public static Dictionary<string, object?> NewProduct(
        Guid categoryId, string? name = null, decimal price = 10m, string[]? tags = null, string description = "", int initialStock = 5, string? sku = null) => new()
        {
            ["sku"] = sku ?? $"T-{Guid.NewGuid():N}"[..20],
            ["name"] = name ?? $"Test product {Guid.NewGuid():N}",
            ["description"] = description,
            ["categoryId"] = categoryId,
            ["price"] = price,
            ["tags"] = tags ?? [],
            ["initialStock"] = initialStock,
        };
}
