using System.Net.Http.Json;
using Bazaar.Catalog.Data;
using Bazaar.TestSupport;

namespace Bazaar.Catalog.Tests;

/// <summary>
/// The Catalog service in memory against real PostgreSQL (a fresh database per test class),
/// Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture; subclasses
/// add data or change settings.
/// </summary>
// Not sealed: tests subclass it to seed data or change settings (SearchCatalogApp, SeededCatalogApp, ...).
public class CatalogApp(InfrastructureFixture infrastructure) : ServiceApp<CatalogDb>(infrastructure, "catalog")
{
    // Ready once started: the event tests that publish to Catalog wait for its queue themselves.
    protected override bool ConsumesEvents => false;

    protected override void AddServiceSettings(IDictionary<string, string?> settings) =>
        settings["Catalog:SeedDemoData"] = "false";

    public HttpClient Vendor(out Guid vendorId) => ClientWith(Tokens.ForVendor(out vendorId));

    public async Task<CategoryBody> CreateCategoryAsync(string name, Guid? parentId = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/categories", new { name, parentId }, Cancellation);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<CategoryBody>();
    }

    /// <summary>Creates a product as <paramref name="client"/> (an admin when null) and returns it.</summary>
    public async Task<ProductBody> CreateProductAsync(object body, HttpClient? client = null)
    {
        using var admin = client is null ? Admin() : null;
        var response = await (client ?? admin!).PostAsJsonAsync("/api/products", body, Cancellation);
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
