using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Inventory.Tests;

/// <summary>Who may call what: reading stock is public, everything else is for admins.</summary>
public sealed class AccessTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private static CancellationToken Cancellation => InventoryApp.Cancellation;

    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "PUT", $"/api/inventory/{Guid.Empty}" },
        { "POST", "/api/inventory/reserve" },
        { "GET", "/api/inventory/low-stock" },
        { "GET", "/api/inventory/report" },
        { "GET", $"/api/inventory/reservations/{Guid.Empty}" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_Anonymous_Is401(string method, string path)
    {
        using var client = app.CreateClient();

        var response = await client.SendAsync(Request(method, path), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_Customer_Is403(string method, string path)
    {
        using var customer = app.Customer();

        var response = await customer.SendAsync(Request(method, path), Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AdminRoute_Vendor_Is403()
    {
        using var vendor = app.ClientWith(app.Tokens.ForVendor(out _));

        var response = await vendor.GetAsync("/api/inventory/low-stock", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task GetStock_Anonymous_Succeeds()
    {
        var product = await app.NewProductAsync(initialStock: 3);
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/inventory/{product}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminRoute_ForgedToken_Is401()
    {
        using var client = app.ClientWith(new TestSupport.TestTokens().ForAdmin(out _));

        var response = await client.GetAsync("/api/inventory/low-stock", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Anonymous_DescribesTheInventoryRoutes()
    {
        using var client = app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json", Cancellation);

        Assert.Contains("/api/inventory/reserve", document, StringComparison.Ordinal);
        Assert.Contains("/api/inventory/{productId}", document, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null : JsonContent.Create(new { }),
    };
}
