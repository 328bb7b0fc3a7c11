using Bazaar.TestSupport;
using System.Net;
using System.Text.Json;

namespace Bazaar.Notifications.Tests;

public sealed class ServiceTests(NotificationsApp app) : IClassFixture<NotificationsApp>
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

        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel)).RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/notifications").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/notifications/preferences").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/notifications/preferences").TryGetProperty("put", out _));
        Assert.All(["email", "sms", "push"], channel => Assert.True(paths.GetProperty($"/api/notifications/{channel}").TryGetProperty("post", out _)));
        Assert.True(paths.GetProperty("/api/webhooks").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/webhooks").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/webhooks/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/webhooks/{id}/deliveries").TryGetProperty("get", out _));
    }
}
