using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Inventory.Tests.Reservations;

public sealed class ReserveStockTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    private static object Order(Guid orderId, params (Guid ProductId, int Quantity)[] items) =>
        new { orderId, items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }) };

    [Fact]
    public async Task Reserve_FiftyRacingOrdersForTenUnits_ExactlyTenSucceedAndTheLedgerAddsUp()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        using var admin = app.Admin();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            admin.PostAsJsonAsync("/api/inventory/reserve", Order(Guid.CreateVersion7(), (product, 1)), Cancellation)));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var stock = await app.StockAsync(product);
        Assert.Equal((10, 10, 0), (stock.OnHand, stock.Reserved, stock.Available));
        var report = await admin.GetFromJsonAsync<ReportBody>("/api/inventory/report", Cancellation);
        var moved = Assert.Single(report!.Products, p => p.ProductId == product).Movements;
        Assert.Equal((10L, 10L, 0L, 0L), (moved.Received, moved.Reserved, moved.Released, moved.Sold));
        Assert.Equal(10, await app.WithDbAsync(db => db.Reservations.CountAsync(r => r.Lines.Any(l => l.ProductId == product), Cancellation)));
    }

    [Fact]
    public async Task Reserve_RacingOrdersNamingTheSameProductsInOppositeOrder_NeitherDeadlockNorOversell()
    {
        var a = await app.NewProductAsync(initialStock: 5);
        var b = await app.NewProductAsync(initialStock: 5);
        using var admin = app.Admin();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            admin.PostAsJsonAsync("/api/inventory/reserve", i % 2 == 0 ? Order(Guid.CreateVersion7(), (a, 1), (b, 1)) : Order(Guid.CreateVersion7(), (b, 1), (a, 1)), Cancellation)));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((0, 0), ((await app.StockAsync(a)).Available, (await app.StockAsync(b)).Available));
    }

    [Fact]
    public async Task Database_ReservedBeyondOnHand_IsRefusedByItsCheckConstraint()
    {
        var product = await app.NewProductAsync(initialStock: 2);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE stock_items SET reserved = on_hand + 1 WHERE product_id = {product}", Cancellation)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(2, (await app.StockAsync(product)).Available);
    }

    [Fact]
    public async Task Reserve_OneLineShort_ReservesNothingAndListsTheShortage()
    {
        var plenty = await app.NewProductAsync(initialStock: 10);
        var scarce = await app.NewProductAsync(initialStock: 1);
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/inventory/reserve", Order(Guid.CreateVersion7(), (plenty, 3), (scarce, 2)), Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation);
        Assert.Equal([new ShortageBody(scarce, 2, 1)], problem!.Shortages);
        Assert.Equal(0, (await app.StockAsync(plenty)).Reserved);
        Assert.Equal(0, (await app.StockAsync(scarce)).Reserved);
    }

    [Fact]
    public async Task Reserve_SameOrderTwice_HoldsOneReservation()
    {
        var product = await app.NewProductAsync(initialStock: 10);
        var orderId = Guid.CreateVersion7();
        using var admin = app.Admin();

        var first = await admin.PostAsJsonAsync("/api/inventory/reserve", Order(orderId, (product, 4)), Cancellation);
        var again = await admin.PostAsJsonAsync("/api/inventory/reserve", Order(orderId, (product, 4)), Cancellation);
        var other = await admin.PostAsJsonAsync("/api/inventory/reserve", Order(orderId, (product, 5)), Cancellation);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var reservation = await again.Content.ReadFromJsonAsync<ReservationBody>(Cancellation);
        Assert.Equal(("reserved", 4), (reservation!.Status, Assert.Single(reservation.Items).Quantity));
        Assert.Equal(4, (await app.StockAsync(product)).Reserved);
    }

    [Fact]
    public async Task Reserve_SameOrderRacingItself_HoldsOneReservation()
    {
        var product = await app.NewProductAsync(initialStock: 100);
        var orderId = Guid.CreateVersion7();
        using var admin = app.Admin();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            admin.PostAsJsonAsync("/api/inventory/reserve", Order(orderId, (product, 3)), Cancellation)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Equal(3, (await app.StockAsync(product)).Reserved);
        var reservation = await admin.GetFromJsonAsync<ReservationBody>($"/api/inventory/reservations/{orderId}", Cancellation);
        Assert.Equal("reserved", reservation!.Status);
    }

    [Fact]
    public async Task Reserve_UnknownProduct_Is409WithNothingAvailable()
    {
        using var admin = app.Admin();
        var unknown = Guid.CreateVersion7();

        var response = await admin.PostAsJsonAsync("/api/inventory/reserve", Order(Guid.CreateVersion7(), (unknown, 1)), Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal([new ShortageBody(unknown, 1, 0)], (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation))!.Shortages);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"items":[{"productId":"0196f2a0-0000-7000-8000-0000000000aa","quantity":1}]}""", "orderId" },
        { """{"orderId":"0196f2a0-0000-7000-8000-0000000000bb","items":[]}""", "items" },
        { """{"orderId":"0196f2a0-0000-7000-8000-0000000000bb"}""", "items" },
        { """{"orderId":"0196f2a0-0000-7000-8000-0000000000bb","items":[{"productId":"0196f2a0-0000-7000-8000-0000000000aa","quantity":0}]}""", "items[0].quantity" },
        { """{"orderId":"0196f2a0-0000-7000-8000-0000000000bb","items":[{"quantity":1}]}""", "items[0].productId" },
        { """{"orderId":"0196f2a0-0000-7000-8000-0000000000bb","items":[null]}""", "items[0].productId" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Reserve_InvalidBody_Is400WithErrors(string body, string field)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/inventory/reserve", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation))!.Errors!.Keys);
    }

    [Fact]
    public async Task Reserve_MalformedJson_Is400Problem()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/inventory/reserve", new StringContent("{\"orderId\": 12", System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
