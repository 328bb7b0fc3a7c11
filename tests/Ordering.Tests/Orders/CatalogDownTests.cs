using System.Net;
using System.Net.Http.Json;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>Ordering pointed at a port where no Catalog listens.</summary>
public sealed class CatalogDownApp(InfrastructureFixture infrastructure) : OrderingApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings["Services:catalog"] = $"http://127.0.0.1:{Ports.Free()}";
}

public sealed class CatalogDownTests(CatalogDownApp app) : IClassFixture<CatalogDownApp>
{
    [Fact]
    public async Task PlaceOrder_CatalogUnreachable_Returns503OrdersNothingAndFreesTheKey()
    {
        var product = await app.ProductAsync(5m);
        using var customer = app.Customer(out var userId);

        var first = await PostAsync(customer, "retry-me", product);
        var retry = await PostAsync(customer, "retry-me", product);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (first.StatusCode, retry.StatusCode));
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.UserId == userId, OrderingApp.Cancellation)));
        Assert.Equal(0, await app.WithDbAsync(db => db.IdempotencyKeys.CountAsync(k => k.UserId == userId, OrderingApp.Cancellation)));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, Guid product)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(OrderRequests.Body((product, 1))) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, OrderingApp.Cancellation);
    }
}
