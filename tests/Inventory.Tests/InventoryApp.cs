using System.Net.Http.Json;
using Bazaar.Contracts.Catalog;
using Bazaar.Inventory.Data;
using Bazaar.TestSupport;

namespace Bazaar.Inventory.Tests;

/// <summary>
/// The Inventory service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
// Not sealed: ShortTtlInventoryApp subclasses it to shorten reservation expiry.
public class InventoryApp(InfrastructureFixture infrastructure) : ServiceApp<InventoryDb>(infrastructure, "inventory")
{
    protected override TimeSpan HandlingTimeout => TimeSpan.FromSeconds(60);

    protected override void AddServiceSettings(IDictionary<string, string?> settings) =>
        settings["Messaging:RelayPollInterval"] = "00:00:00.200";

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
