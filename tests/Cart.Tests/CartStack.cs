using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Catalog;
using Bazaar.Catalog.Data;
using Bazaar.LocalInfrastructure;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cart.Tests;

[CollectionDefinition(Name)]
public sealed class CartCollection : ICollectionFixture<CartStack>
{
    public const string Name = "cart";
}

/// <summary>
/// Cart (in memory) with the real Catalog on a Kestrel port (its own database, products made
/// through its API) and an Ordering stand-in on another; all trust the same test tokens. Each
/// test makes its own shoppers and products, so tests never see each other's carts. Cart is told
/// of two instances of Catalog and of Ordering, and the first of each is down (<see cref="DownInstances"/>,
/// where nothing listens): every call Cart makes reaches the second through ServiceInstances.
/// </summary>
public sealed class CartStack(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private KestrelApp<CatalogDb>? catalog;
    private CartApp? cart;
    private Guid categoryId;
    private Uri catalogUrl = null!;

    public TestTokens Tokens { get; } = new();

    public OrderingStandIn Ordering { get; } = new();

    /// <summary>The ids asked for by every catalog lookup Cart made, in order.</summary>
    public ConcurrentQueue<Guid[]> Lookups { get; } = new();

    public string RedisConnectionString => infrastructure.RedisConnectionString;

    /// <summary>The addresses of the first instance of Catalog and of Ordering Cart is given: nothing listens there.</summary>
    public (Uri Catalog, Uri Ordering) DownInstances { get; } = (new($"http://127.0.0.1:{Ports.Free()}"), new($"http://127.0.0.1:{Ports.Free()}"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var catalogPort = Ports.Free();
        catalogUrl = new Uri($"http://127.0.0.1:{catalogPort}");
        catalog = new KestrelApp<CatalogDb>(catalogPort, new()
        {
            ["ConnectionStrings:postgres"] = await infrastructure.CreateDatabaseAsync("cart_catalog"),
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = TestEvents.NewExchange(),
            ["Messaging:ServiceName"] = $"catalog-{Guid.NewGuid():N}",
            ["Catalog:SeedDemoData"] = "false",
        }, Tokens);
        catalog.StartServer();
        await Ordering.StartAsync();
        cart = new CartApp(this, new()
        {
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["Services:catalog"] = $"{DownInstances.Catalog},http://127.0.0.1:{catalogPort}",
            ["Services:ordering"] = $"{DownInstances.Ordering},{Ordering.Url}",
        });
        _ = cart.Server;

        using var admin = CatalogAdmin();
        var response = await admin.PostAsJsonAsync("/api/categories", new { name = $"Cart tests {Guid.NewGuid():N}" }, Token);
        response.EnsureSuccessStatusCode();
        categoryId = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A new shopper's client for Cart, and the token it carries.</summary>
    public HttpClient Shopper(out string token) => Client(token = Tokens.ForCustomer(out _));

    public HttpClient Client(string? token)
    {
        var client = cart!.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient CatalogAdmin()
    {
        var client = new HttpClient { BaseAddress = catalogUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.ForAdmin(out _));
        return client;
    }

    public async Task<ProductBody> CreateProductAsync(decimal price = 10m, string currency = "USD")
    {
        using var admin = CatalogAdmin();
        var response = await admin.PostAsJsonAsync("/api/products", ProductFields($"T-{Guid.NewGuid():N}"[..20], $"Product {Guid.NewGuid():N}", price, currency), Token);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<ProductBody>();
    }

    public async Task SetPriceAsync(ProductBody product, decimal price)
    {
        using var admin = CatalogAdmin();
        var response = await admin.PutAsJsonAsync($"/api/products/{product.Id}", ProductFields(product.Sku, product.Name, price, product.Currency), Token);
        response.EnsureSuccessStatusCode();
    }

    public async Task ArchiveAsync(Guid productId)
    {
        using var admin = CatalogAdmin();
        (await admin.DeleteAsync($"/api/products/{productId}", Token)).EnsureSuccessStatusCode();
    }

    private Dictionary<string, object?> ProductFields(string sku, string name, decimal price, string currency) => new()
    {
        ["sku"] = sku,
        ["name"] = name,
        ["description"] = string.Empty,
        ["categoryId"] = categoryId,
        ["price"] = price,
        ["currency"] = currency,
        ["tags"] = Array.Empty<string>(),
        ["initialStock"] = 50,
    };

    public async ValueTask DisposeAsync()
    {
        if (cart is not null)
        {
            await cart.DisposeAsync();
        }

        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }

        await Ordering.DisposeAsync();
    }

    private sealed class CartApp(CartStack stack, Dictionary<string, string?> settings) : WebApplicationFactory<CartStore>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                stack.Tokens.TrustIn(services);
                services.RemoveAll<IServiceTokenSource>();
                services.AddSingleton<IServiceTokenSource>(new TestServiceToken(stack.Tokens));
                services.AddHttpClient<CatalogClient>().AddHttpMessageHandler(() => new LookupRecorder(stack.Lookups));
            });
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }

    private sealed class TestServiceToken(TestTokens tokens) : IServiceTokenSource
    {
        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(tokens.ForService("cart"));
    }

    private sealed class LookupRecorder(ConcurrentQueue<Guid[]> lookups) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadFromJsonAsync<LookupBody>(cancellationToken);
            lookups.Enqueue(body!.Ids);
            return await base.SendAsync(request, cancellationToken);
        }

        private sealed record LookupBody(Guid[] Ids);
    }
}
