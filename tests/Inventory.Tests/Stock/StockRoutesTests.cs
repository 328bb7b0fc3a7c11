using System.Net;
using System.Net.Http.Json;
using Bazaar.Inventory.Stock;

namespace Bazaar.Inventory.Tests.Stock;

public sealed class StockRoutesTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    [Fact]
    public async Task GetStock_KnownProduct_ReturnsTotalsAndTheDefaultWarehouse()
    {
        var product = await app.NewProductAsync(initialStock: 7);

        var stock = await app.StockAsync(product);

        Assert.Equal((product, 7, 0, 7, 5, "in_stock"), (stock.ProductId, stock.OnHand, stock.Reserved, stock.Available, stock.LowStockThreshold, stock.StockStatus));
        var warehouse = Assert.Single(stock.Warehouses);
        Assert.Equal((Warehouse.DefaultId, Warehouse.DefaultName, 7, 0), (warehouse.WarehouseId, warehouse.Name, warehouse.OnHand, warehouse.Reserved));
    }

    [Fact]
    public async Task GetStock_UnknownProduct_Is404Problem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/inventory/{Guid.CreateVersion7()}", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SetStock_MoreThenFewer_SetsLevelsAndRecordsReceivedThenAdjusted()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        using var admin = app.Admin();

        var up = await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 12, lowStockThreshold = 2 }, Cancellation);
        var down = await admin.PutAsJsonAsync($"/api/inventory/{product}", new { warehouseId = Warehouse.DefaultId, onHand = 9 }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        var stock = await down.Content.ReadFromJsonAsync<StockBody>(Cancellation);
        Assert.Equal((9, 9, 2), (stock!.OnHand, stock.Available, stock.LowStockThreshold));
        var report = await admin.GetFromJsonAsync<ReportBody>("/api/inventory/report", Cancellation);
        var moved = Assert.Single(report!.Products, p => p.ProductId == product).Movements;
        Assert.Equal((12L, -3L), (moved.Received, moved.Adjusted));
    }

    [Fact]
    public async Task SetStock_WithReason_ListsEachMovementNewestFirstWithItsReason()
    {
        var product = await app.NewProductAsync(initialStock: 6);
        using var admin = app.Admin();

        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 4, reason = "Damaged in the warehouse" }, Cancellation);
        await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 10, reason = "Delivery received" }, Cancellation);
        var page = await admin.GetFromJsonAsync<PagedBody<MovementBody>>($"/api/inventory/{product}/movements", Cancellation);

        Assert.Equal(
            [("received", 6, "Delivery received"), ("adjusted", -2, "Damaged in the warehouse"), ("received", 6, null)],
            page!.Items.Select(m => (m.Type, m.Quantity, m.Reason)));
        Assert.Equal(3, page.TotalCount);
    }

    [Fact]
    public async Task ListMovements_AsCustomerOrForUnknownProduct_IsRefused()
    {
        var product = await app.NewProductAsync(initialStock: 1);
        using var customer = app.Customer();
        using var admin = app.Admin();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/inventory/{product}/movements", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/inventory/{Guid.CreateVersion7()}/movements", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task SetStock_UnknownProduct_Is404()
    {
        using var admin = app.Admin();

        var response = await admin.PutAsJsonAsync($"/api/inventory/{Guid.CreateVersion7()}", new { onHand = 3 }, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{}""", "onHand")]
    [InlineData("""{"onHand":-1}""", "onHand")]
    [InlineData("""{"onHand":1,"lowStockThreshold":-2}""", "lowStockThreshold")]
    [InlineData("""{"onHand":1,"reason":"line\u0007break"}""", "reason")]
    [InlineData("""{"onHand":1,"warehouseId":"0196f2a0-0000-7000-8000-00000000dead"}""", "warehouseId")]
    public async Task SetStock_InvalidBody_Is400WithErrorsAndChangesNothing(string body, string field)
    {
        var product = await app.NewProductAsync(initialStock: 4);
        using var admin = app.Admin();

        var response = await admin.PutAsync($"/api/inventory/{product}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation))!.Errors!.Keys);
        Assert.Equal(4, (await app.StockAsync(product)).OnHand);
    }

    [Fact]
    public async Task SetStock_BelowReservedUnits_Is409()
    {
        var product = await app.NewProductAsync(initialStock: 5);
        using var admin = app.Admin();
        await admin.PostAsJsonAsync("/api/inventory/reserve", new { orderId = Guid.CreateVersion7(), items = new[] { new { productId = product, quantity = 4 } } }, Cancellation);

        var response = await admin.PutAsJsonAsync($"/api/inventory/{product}", new { onHand = 3 }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal((5, 4), ((await app.StockAsync(product)).OnHand, (await app.StockAsync(product)).Reserved));
    }

    [Fact]
    public async Task LowStock_ListsProductsAtOrUnderTheirThresholdOnly()
    {
        var low = await app.NewProductAsync(initialStock: 5);
        var fine = await app.NewProductAsync(initialStock: 6);
        using var admin = app.Admin();

        var page = await admin.GetFromJsonAsync<PagedBody<StockBody>>("/api/inventory/low-stock?pageSize=100", Cancellation);

        Assert.Contains(page!.Items, i => i.ProductId == low && i.StockStatus == "low_stock");
        Assert.DoesNotContain(page.Items, i => i.ProductId == fine);
        Assert.Equal(100, page.PageSize);
    }

    [Fact]
    public async Task Report_MovementsOfThePeriod_AreCountedPerDay()
    {
        var product = await app.NewProductAsync(initialStock: 8);
        using var admin = app.Admin();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var report = await admin.GetFromJsonAsync<ReportBody>($"/api/inventory/report?from={today:yyyy-MM-dd}", Cancellation);

        Assert.True(report!.Totals.Received >= 8);
        Assert.Contains(report.Days, d => d.Date == today && d.Movements.Received >= 8);
        Assert.Contains(report.Products, p => p.ProductId == product && p.OnHand == 8);
    }

    [Fact]
    public async Task Report_PeriodBeforeAnyMovement_CountsNothing()
    {
        using var admin = app.Admin();

        var report = await admin.GetFromJsonAsync<ReportBody>("/api/inventory/report?from=2001-01-01&to=2001-02-01", Cancellation);

        Assert.Equal(new MovementsBody(0, 0, 0, 0, 0, 0), report!.Totals);
        Assert.Empty(report.Days);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("from=1900-01-01&to=2026-01-01", "from")]
    public async Task Report_BadPeriod_Is400WithErrors(string query, string field)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync($"/api/inventory/report?{query}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancellation))!.Errors!.Keys);
    }
}
