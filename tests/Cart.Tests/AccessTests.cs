using Bazaar.TestSupport;
using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Cart.Tests;

[Collection(CartCollection.Name)]
public sealed class AccessTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/cart" },
        { "DELETE", "/api/cart" },
        { "PUT", $"/api/cart/items/{Guid.NewGuid()}" },
        { "DELETE", $"/api/cart/items/{Guid.NewGuid()}" },
        { "POST", "/api/cart/checkout" },
        { "POST", "/api/cart/merge" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task CartRoute_Anonymous_Returns401Problem(string method, string path)
    {
        using var anonymous = stack.Client(token: null);

        using var response = await anonymous.SendAsync(Request(method, path), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task CartRoute_ServiceToken_Returns403(string method, string path)
    {
        using var service = stack.Client(stack.Tokens.ForService("ordering"));

        using var response = await service.SendAsync(Request(method, path), Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_WithRedis_Returns200()
    {
        using var client = stack.Client(token: null);

        await client.ReadyChecksAsync(Token);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryCartRoute()
    {
        using var client = stack.Client(token: null);

        var paths = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json", Token)).GetProperty("paths");

        Assert.Equal(
            ["/api/cart", "/api/cart/checkout", "/api/cart/items", "/api/cart/items/{productId}", "/api/cart/merge"],
            paths.EnumerateObject().Select(p => p.Name).Order());
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" ? JsonContent.Create(new { quantity = 1 }) : null,
    };
}
