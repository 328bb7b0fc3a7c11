using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Tests.Alerts;

/// <summary>Back-in-stock alerts: asked by any signed-in person, fired once when available goes from zero to positive.</summary>
public sealed class StockAlertTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    [Fact]
    public async Task RequestAlert_Anonymous_Is401()
    {
        var product = await app.NewProductAsync(initialStock: 0);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync($"/api/inventory/{product}/alerts", new { }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequestAlert_Customer_Is202AndKeptOnceWhenAskedTwice()
    {
        var product = await app.NewProductAsync(initialStock: 0);
        using var customer = app.Customer(out var userId);

        var first = await customer.PostAsJsonAsync($"/api/inventory/{product}/alerts", new { variantId = (Guid?)null }, Cancellation);
        var second = await customer.PostAsync($"/api/inventory/{product}/alerts", null, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(1, await AlertsAsync(product, userId));
    }

    [Fact]
    public async Task RequestAlert_WithVariant_Is400AndStoresNothing()
    {
        var product = await app.NewProductAsync(initialStock: 0);
        using var customer = app.Customer(out var userId);

        var response = await customer.PostAsJsonAsync($"/api/inventory/{product}/alerts", new { variantId = Guid.NewGuid() }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation);
        Assert.Contains("no variants", Assert.Single(problem!.Errors!["variantId"]));
        Assert.Equal(0, await AlertsAsync(product, userId));
    }

    [Fact]
    public async Task RequestAlert_UnknownProduct_Is404()
    {
        using var customer = app.Customer();

        var response = await customer.PostAsJsonAsync($"/api/inventory/{Guid.NewGuid()}/alerts", new { }, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Restock_FromZero_FiresEachAlertOnceAndDeletesIt()
    {
        var product = await app.NewProductAsync(initialStock: 0);
        var (ada, grace) = (await AskAsync(product), await AskAsync(product));
        using var admin = app.Admin();

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 4 }, Cancellation);
        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 0 }, Cancellation);
        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 6 }, Cancellation); // back again: nobody is waiting any more

        var fired = await app.EventsAsync<BackInStock>(e => e.ProductId == product);
        Assert.Equal(new[] { ada, grace }.Order(), fired.Select(e => e.UserId).Order());
        Assert.All(fired, e => Assert.Equal((4, (Guid?)null), (e.Available, e.VariantId)));
        Assert.Equal(fired.Count, fired.Select(e => e.AlertId).Distinct().Count());
        Assert.Equal(0, await AlertsAsync(product));
    }

    [Fact]
    public async Task Restock_PositiveToPositive_FiresNothingAndKeepsTheAlert()
    {
        var product = await app.NewProductAsync(initialStock: 3);
        await AskAsync(product);
        using var admin = app.Admin();

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 8 }, Cancellation);

        Assert.Empty(await app.EventsAsync<BackInStock>(e => e.ProductId == product));
        Assert.Equal(1, await AlertsAsync(product));

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 0 }, Cancellation);
        Assert.Empty(await app.EventsAsync<BackInStock>(e => e.ProductId == product));
        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 1 }, Cancellation);
        Assert.Single(await app.EventsAsync<BackInStock>(e => e.ProductId == product));
    }

    [Fact]
    public async Task Restock_TwoConcurrentFromZero_AlertsFireOnce()
    {
        var product = await app.NewProductAsync(initialStock: 0);
        await AskAsync(product);
        await AskAsync(product);
        using var first = app.Admin();
        using var second = app.Admin();

        var responses = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 5 }, Cancellation),
            second.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 7 }, Cancellation));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, (await app.EventsAsync<BackInStock>(e => e.ProductId == product)).Count);
        Assert.Equal(0, await AlertsAsync(product));
    }

    [Fact]
    public async Task ReservationReleased_FromZeroAvailable_FiresTheAlert()
    {
        var product = await app.NewProductAsync(initialStock: 2);
        using var admin = app.Admin();
        var orderId = Guid.CreateVersion7();
        await admin.PostAsJsonAsync("/api/inventory/reserve", new { orderId, items = new[] { new { productId = product, quantity = 2 } } }, Cancellation);
        var user = await AskAsync(product);

        await app.HandledAsync(new Bazaar.Contracts.Ordering.OrderCancelled(orderId, Guid.NewGuid(), "customer_request", false, DateTimeOffset.UtcNow));

        var fired = Assert.Single(await app.EventsAsync<BackInStock>(e => e.ProductId == product));
        Assert.Equal((user, 2), (fired.UserId, fired.Available));
    }

    private async Task<Guid> AskAsync(Guid product)
    {
        using var customer = app.Customer(out var userId);
        var response = await customer.PostAsync($"/api/inventory/{product}/alerts", null, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return userId;
    }

    private Task<int> AlertsAsync(Guid product, Guid? userId = null) =>
        app.WithDbAsync(db => db.StockAlerts.CountAsync(a => a.ProductId == product && (userId == null || a.UserId == userId), Cancellation));
}
