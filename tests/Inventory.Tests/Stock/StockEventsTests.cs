using System.Net.Http.Json;
using Bazaar.Contracts.Inventory;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>What the other services hear about stock levels (Catalog's badges, Notifications' alerts).</summary>
public sealed class StockEventsTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    private static object Order(Guid productId, int quantity) =>
        new { orderId = Guid.CreateVersion7(), items = new[] { new { productId, quantity } } };

    [Fact]
    public async Task LowStockDetected_SentOncePerCrossingOfTheThreshold()
    {
        var product = await app.NewProductAsync(initialStock: 10); // threshold 5
        using var admin = app.Admin();

        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 4), Cancellation); // 6 left: above
        Assert.DoesNotContain(await app.EventsAsync<LowStockDetected>(), e => e.ProductId == product);
        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 1), Cancellation); // 5: crosses
        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 2), Cancellation); // 3: still low
        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 3), Cancellation); // 0: still low

        var detected = Assert.Single(await app.EventsAsync<LowStockDetected>(), e => e.ProductId == product);
        Assert.Equal((5, 5), (detected.Available, detected.Threshold));

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 30 }, Cancellation); // 20: back above
        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 16), Cancellation); // 4: crosses again

        var both = (await app.EventsAsync<LowStockDetected>()).Where(e => e.ProductId == product).ToList();
        Assert.Equal([5, 4], both.Select(e => e.Available));
    }

    [Fact]
    public async Task StockLevelChanged_SentOnEveryChangeWithTheNewLevelsAndStatus()
    {
        var product = await app.NewProductAsync(initialStock: 8);
        using var admin = app.Admin();

        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 3), Cancellation);
        await admin.PostAsJsonAsync("/api/inventory/reserve", Order(product, 5), Cancellation);
        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 8, lowStockThreshold = 0 }, Cancellation); // the threshold alone is a change too

        var changes = (await app.EventsAsync<StockLevelChanged>()).Where(e => e.ProductId == product).ToList();
        Assert.Equal(
            [(8, 0, 8, "in_stock"), (8, 3, 5, "low_stock"), (8, 8, 0, "out_of_stock"), (8, 8, 0, "out_of_stock")],
            changes.Select(e => (e.OnHand, e.Reserved, e.Available, e.StockStatus)));
    }

    [Fact]
    public async Task StockLevelChanged_NotSentWhenAPutChangesNothing()
    {
        var product = await app.NewProductAsync(initialStock: 8);
        using var admin = app.Admin();

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 8, lowStockThreshold = 5 }, Cancellation);

        Assert.Single(await app.EventsAsync<StockLevelChanged>(), e => e.ProductId == product);
    }
}
