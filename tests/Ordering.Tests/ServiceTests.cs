using Bazaar.TestSupport;
using System.Net;
using System.Text.Json;

namespace Bazaar.Ordering.Tests;

/// <summary>What every service answers: health and its OpenAPI document.</summary>
public sealed class ServiceTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task Health_WithDatabaseAndBrokerUp_LiveAndReady()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Token)).StatusCode);
        await client.ReadyChecksAsync(Token);
    }

    [Fact]
    public async Task OpenApi_ListsTheOrderRoutes()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Token)).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/orders", paths);
        Assert.Contains("/api/orders/{id}", paths);
        Assert.Contains("/api/orders/{id}/status", paths);
        Assert.Contains("/api/orders/{id}/cancel", paths);
        Assert.Contains("/api/orders/user/{userId}", paths);
    }

    [Fact]
    public async Task OpenApi_PlaceOrderDocumentsTheIdempotencyKeyHeader()
    {
        using var client = app.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Token)).RootElement;

        var parameters = document.GetProperty("paths").GetProperty("/api/orders").GetProperty("post").GetProperty("parameters").EnumerateArray();

        Assert.Contains(parameters, p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }
}
