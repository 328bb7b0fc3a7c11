using Bazaar.TestSupport;
using System.Net;
using System.Text.Json;

namespace Bazaar.Reviews.Tests;

public sealed class ServiceTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_DatabaseRedisAndBrokerUp_LiveAndReady()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancel)).StatusCode);
        var checks = await client.ReadyChecksAsync(Cancel);
        Assert.All(["postgres", "redis", "rabbitmq"], name => Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryContractRoute()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel)).RootElement;

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/reviews").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/reviews/product/{productId}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/reviews/user/{userId}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/reviews/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/reviews/{id}/moderation").TryGetProperty("put", out _));
    }
}
