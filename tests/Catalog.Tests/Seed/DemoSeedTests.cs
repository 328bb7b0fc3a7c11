using System.Net.Http.Json;
using Bazaar.Catalog.Data;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bazaar.Catalog.Tests.Seed;

public sealed class SeededCatalogApp(InfrastructureFixture infrastructure) : CatalogApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Catalog:SeedDemoData"] = "true";
}

public sealed class DemoSeedTests(SeededCatalogApp app) : IClassFixture<SeededCatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seed_FillsAnEmptyCatalog_WithProductsInNestedCategories()
    {
        using var client = app.CreateClient();

        var products = await client.ListAsync("pageSize=100");
        var categories = (await client.GetFromJsonAsync<List<CategoryBody>>("/api/categories", Token))!;

        Assert.True(products.TotalCount >= 200, $"{products.TotalCount} products");
        Assert.True(categories.Count >= 10, $"{categories.Count} categories");
        Assert.Contains(categories, c => c.ParentId is not null);
        Assert.All(categories.Where(c => c.ParentId is null), c => Assert.True(c.ProductCount > 0, c.Name));
        Assert.Contains(products.Items, p => p.StockStatus == "out_of_stock");
        Assert.All(products.Items, p => Assert.True(p.Price > 0 && p.Tags.Count > 0 && p.Description.Length > 20, p.Name));
    }

    [Fact]
    public async Task Seed_EveryProduct_HasAProductCreatedEventForInventory()
    {
        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM outbox_messages WHERE event_name = 'ProductCreated' AND payload ? 'initialStock')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        await reader.ReadAsync(Token);

        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Seed_SearchWirelessHeadphones_PutsProductsNamedSoFirst()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("q=wireless%20headphones&pageSize=100");

        var named = page.Items.TakeWhile(p => p.Name.StartsWith("Wireless Headphones", StringComparison.Ordinal)).Count();
        Assert.True(named >= 3, $"{named} named first");
        Assert.Contains(page.Items.Skip(named), p => !p.Name.Contains("Headphones", StringComparison.Ordinal));
        Assert.All(page.Items.Skip(named), p => Assert.False(p.Name.StartsWith("Wireless Headphones", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Seed_RunAgainOnAFilledCatalog_AddsNothing()
    {
        using var client = app.CreateClient();
        var before = (await client.ListAsync("pageSize=1")).TotalCount;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CatalogStartup>().RunAsync(Token);
        }

        Assert.Equal(before, (await client.ListAsync("pageSize=1")).TotalCount);
    }
}
