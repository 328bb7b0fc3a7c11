using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.LocalInfrastructure;
using Bazaar.TestSupport;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>Replays, updates refused, and hostile queries around checkout pricing.</summary>
public sealed class CheckoutEdgeTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task PlaceOrder_SameIdempotencyKeyWithACoupon_ReplaysTheOrderAndUsesTheCouponOnce()
    {
        var product = await app.ProductAsync(10m);
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, usageLimit = 1 });
        using var customer = app.Customer();
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PlaceAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await customer.SendAsync(request, Token);
        }

        var first = await PlaceAsync();
        var replay = await PlaceAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.Equal((await first.ReadAsync<PricedOrderBody>()).Id, (await replay.ReadAsync<PricedOrderBody>()).Id);
        Assert.Equal(1, (await app.PromotionAsync(coupon.Id)).TimesUsed);
    }

    [Fact]
    public async Task Update_BadShippingMethodOrPromotion_Returns400AndChangesNothing()
    {
        var country = PricingSetup.NewCountry();
        var method = await app.ShippingMethodAsync(country, 4m, name: "Kept");
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "percent", value = 10m });
        using var admin = app.Admin();

        var badMethod = await admin.PutAsJsonAsync($"/api/shipping/methods/{method}", new { name = "Changed", countries = new[] { "*" }, price = -3m, estimatedDays = new { min = 1, max = 2 } }, Token);
        var badCoupon = await admin.PutAsJsonAsync($"/api/promotions/{coupon.Id}", new { code = coupon.Code, kind = "percent", value = 150m }, Token);
        var unknownMethod = await admin.PutAsJsonAsync($"/api/shipping/methods/{Guid.NewGuid()}", new { name = "A", countries = new[] { "*" }, price = 1m, estimatedDays = new { min = 1, max = 2 } }, Token);
        var unknownCoupon = await admin.PutAsJsonAsync($"/api/promotions/{Guid.NewGuid()}", new { code = "X", kind = "fixed", value = 1m }, Token);

        await badMethod.ErrorsAsync("price");
        await badCoupon.ErrorsAsync("value");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknownMethod.StatusCode, unknownCoupon.StatusCode));
        var methods = await admin.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={country}", Token);
        Assert.Equal(("Kept", 4m), (methods[0].GetProperty("name").GetString(), methods[0].GetProperty("price").GetDecimal()));
        Assert.Equal(10m, (await app.PromotionAsync(coupon.Id)).Value);
    }

    [Fact]
    public async Task OpenApi_ListsThePricingRoutes()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Token)).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/shipping/methods", paths);
        Assert.Contains("/api/shipping/methods/{id}", paths);
        Assert.Contains("/api/tax/rates", paths);
        Assert.Contains("/api/promotions", paths);
        Assert.Contains("/api/promotions/{id}", paths);
        Assert.Contains("/api/checkout/quote", paths);
    }

    [Theory]
    [InlineData("country=USA", "country")]
    [InlineData("country=U1", "country")]
    [InlineData("subtotal=-1", "subtotal")]
    [InlineData("subtotal=abc", "subtotal")]
    public async Task ShippingMethods_BadQuery_Returns400NamingIt(string query, string field)
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync($"/api/shipping/methods?{query}", Token);

        await response.ErrorsAsync(field);
    }
}

/// <summary>Ordering pointed at a port where no Identity listens.</summary>
public sealed class IdentityDownApp(InfrastructureFixture infrastructure) : OrderingApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings["Services:identity"] = $"http://127.0.0.1:{Ports.Free()}";
}

public sealed class IdentityDownTests(IdentityDownApp app) : IClassFixture<IdentityDownApp>
{
    [Fact]
    public async Task PlaceOrder_SavedAddressWithIdentityUnreachable_Is503AndPlacesNothing()
    {
        var product = await app.ProductAsync(1m);
        using var customer = app.Customer();

        var response = await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddressId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<OrderBody>>("/api/orders", OrderingApp.Cancellation))!.TotalCount);
    }
}
