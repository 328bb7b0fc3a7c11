using Bazaar.TestSupport;
using System.Net;

namespace Bazaar.Catalog.Tests;

public sealed class ServiceTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_LiveAndReady_Return200()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Token)).StatusCode);
        await client.ReadyChecksAsync(Token);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesThePublicCatalogRoutesOnly()
    {
        using var client = app.CreateClient();

        var paths = (await (await client.GetAsync("/openapi/v1.json", Token)).ReadJsonAsync()).GetProperty("paths");

        foreach (var path in new[] { "/api/products", "/api/products/{id}", "/api/categories", "/api/categories/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        // The gateway serves this document to anyone: the lookup for Cart and Ordering stays out of it.
        Assert.False(paths.TryGetProperty("/internal/products/lookup", out _), "the internal lookup is listed");
    }

    [Fact]
    public async Task Product_MalformedJson_Returns400Problem()
    {
        using var admin = app.Admin();
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await admin.PostAsync("/api/products", content, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
