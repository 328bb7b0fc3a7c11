using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.TestSupport;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>POST /api/orders against the real Catalog: prices, the event, and every way a body can be wrong.</summary>
public sealed class PlaceOrderTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task PlaceOrder_ClientSendsAPrice_PricesEveryLineFromTheCatalog()
    {
        var lamp = await app.ProductAsync(19.99m, "Desk lamp");
        var bulb = await app.ProductAsync(2.50m, "Bulb");
        using var customer = app.Customer(out var userId);
        var body = new
        {
            items = new object[] { new { productId = lamp, quantity = 2, unitPrice = 0.01m, price = 0.01m }, new { productId = bulb, quantity = 3 } },
            shippingAddress = OrderRequests.Address,
            totalPrice = 0.02m,
        };

        var response = await customer.PostAsJsonAsync("/api/orders", body, Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadAsync<OrderBody>();
        Assert.Equal(new Uri($"/api/orders/{order.Id}", UriKind.Relative), response.Headers.Location);
        Assert.Equal((userId, "pending", "USD", 47.48m), (order.UserId, order.Status, order.Currency, order.TotalPrice));
        Assert.Equal([new ItemBody(lamp, "Desk lamp", 2, 19.99m), new ItemBody(bulb, "Bulb", 3, 2.50m)], order.Items);
        Assert.Equal("pending", Assert.Single(order.StatusHistory).Status);
        Assert.Equivalent(order, await customer.OrderAsync(order.Id));
    }

    [Fact]
    public async Task PlaceOrder_Valid_PublishesOrderPlacedWithTheCatalogLines()
    {
        var product = await app.ProductAsync(12.34m, "Mug");
        await using var probe = await EventProbe.StartAsync(app.RabbitMq, app.Exchange, typeof(OrderPlaced));
        using var customer = app.Customer(out var userId);

        var order = await customer.PlaceAsync((product, 3));

        var placed = await probe.WaitForAsync<OrderPlaced>(e => e.OrderId == order.Id);
        Assert.Equal([new OrderLine(product, "Mug", 3, 12.34m)], placed.Items);
        Assert.Equal((userId, 37.02m, "USD", "pm_card_visa"), (placed.UserId, placed.TotalPrice, placed.Currency, placed.PaymentMethodId));
    }

    [Fact]
    public async Task PlaceOrder_SameProductOnTwoLines_MergesThemIntoOneLine()
    {
        var product = await app.ProductAsync(5m);
        using var customer = app.Customer();

        var order = await customer.PlaceAsync((product, 2), (product, 3));

        Assert.Equal(5, Assert.Single(order.Items).Quantity);
        Assert.Equal(25m, order.TotalPrice);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"items":[],"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items" },
        { """{"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items" },
        { """{"items":[{"productId":"{P}","quantity":0}],"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items[0].quantity" },
        { """{"items":[{"productId":"{P}","quantity":101}],"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items[0].quantity" },
        { """{"items":[{"productId":"{P}","quantity":60},{"productId":"{P}","quantity":60}],"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items[1].quantity" },
        { """{"items":[{"quantity":1}],"shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "items[0].productId" },
        { """{"items":[{"productId":"{P}","quantity":1}]}""", "shippingAddress" },
        { """{"items":[{"productId":"{P}","quantity":1}],"shippingAddress":{"name":"A","line1":"B","city":"C","country":"US"}}""", "shippingAddress.postalCode" },
        { """{"items":[{"productId":"{P}","quantity":1}],"shippingAddress":{"name":" ","line1":"B","city":"C","postalCode":"1","country":"US"}}""", "shippingAddress.name" },
        { """{"items":[{"productId":"{P}","quantity":1}],"shippingAddress":{"name":"A","line1":"B","postalCode":"1","country":"US"}}""", "shippingAddress.city" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task PlaceOrder_InvalidBody_Returns400NamingTheFieldAndCreatesNothing(string json, string field)
    {
        var product = await app.ProductAsync(1m);
        using var customer = app.Customer(out var userId);

        var response = await customer.PostAsync("/api/orders", Json(json.Replace("{P}", product.ToString())), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Equal(0, (await customer.GetFromJsonAsync<PagedBody<OrderBody>>("/api/orders", Token))!.TotalCount);
    }

    [Fact]
    public async Task PlaceOrder_UnknownOrArchivedProduct_Returns400NamingTheProduct()
    {
        var live = await app.ProductAsync(3m);
        var archived = await app.ProductAsync(4m, "Old lamp");
        using (var catalogAdmin = app.CatalogAdmin())
        {
            (await catalogAdmin.DeleteAsync($"/api/products/{archived}", Token)).EnsureSuccessStatusCode();
        }

        var unknown = Guid.NewGuid();
        using var customer = app.Customer();

        var response = await customer.PostAsJsonAsync("/api/orders", OrderRequests.Body((live, 1), (unknown, 1), (archived, 2)), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadAsync<ProblemBody>()).Errors!;
        Assert.Equal(["items[1].productId", "items[2].productId"], errors.Keys.Order());
        Assert.Contains(unknown.ToString(), errors["items[1].productId"][0]);
        Assert.Contains("no longer sold", errors["items[2].productId"][0]);
    }

    [Fact]
    public async Task PlaceOrder_MalformedJsonOrNoToken_Returns400Or401()
    {
        using var customer = app.Customer();
        using var anonymous = app.CreateClient();

        var malformed = await customer.PostAsync("/api/orders", Json("""{"items": [{"productId": 5"""), Token);
        var unauthenticated = await anonymous.PostAsJsonAsync("/api/orders", OrderRequests.Body((Guid.NewGuid(), 1)), Token);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
