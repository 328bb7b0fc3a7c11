using Bazaar.TestSupport;
using System.Net;
using System.Text.Json;

namespace Bazaar.Payments.Tests;

/// <summary>What every Bazaar service answers: health and its OpenAPI document.</summary>
public sealed class ServiceTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task Health_LiveAndReady_Are200()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", PaymentsApp.Cancellation)).StatusCode);
        var checks = await client.ReadyChecksAsync(PaymentsApp.Cancellation);
        Assert.Equal(["postgres", "queue", "rabbitmq", "redis"], checks.EnumerateObject().Select(c => c.Name).Order());
    }

    [Fact]
    public async Task OpenApi_DescribesEveryPaymentsRoute()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", PaymentsApp.Cancellation)).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["/api/payments", "/api/payments/charge", "/api/payments/order/{orderId}", "/api/payments/verify", "/api/payments/webhooks/stripe", "/api/payments/{id}", "/api/payments/{id}/refund"],
            paths.Order(StringComparer.Ordinal));
    }
}
