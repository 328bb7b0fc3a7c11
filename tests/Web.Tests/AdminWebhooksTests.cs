using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>An admin subscribes a receiver to product events in a real browser, sees the secret once, the deliveries, and unsubscribes.</summary>
public sealed class AdminWebhooksTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task AdminWebhooks_CreateThenAProductIsCreated_SecretShownOnceDeliverySignedAndListed()
    {
        using var admin = await Api.AdminAsync(platform);
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl();
        var page = await platform.NewPageAsync();
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin/webhooks");

        await page.GetByLabel("Receiver URL").FillAsync(url);
        await page.GetByLabel("Events").FillAsync("ProductCreated, NoSuchEvent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).PressAsync("Enter");
        await Expect(page.GetByTestId("webhook-form")).ToContainTextAsync("Unknown events: NoSuchEvent", Slow);
        await page.GetByLabel("Events").FillAsync("ProductCreated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).PressAsync("Enter");
        var secretAlert = page.GetByTestId("webhook-secret");
        await Expect(secretAlert).ToContainTextAsync("whsec_", Slow);
        var secret = await secretAlert.Locator("code").InnerTextAsync();
        var row = page.GetByTestId("webhook-row").Filter(new() { HasText = url });
        await Expect(row).ToContainTextAsync("ProductCreated");
        await Expect(page.GetByTestId("webhooks")).Not.ToContainTextAsync(secret);

        var category = await Api.CreateCategoryAsync(admin, "Hooks");
        var product = await Api.CreateProductAsync(admin, category.Id, "Hooked kettle " + AdminData.Suffix(), 30m, 2);
        ReceivedWebhook? received = null;
        await Eventually.HoldsAsync(
            () => Task.FromResult((received = receiver.At(url).FirstOrDefault(r => r.Body.Contains(product.ToString(), StringComparison.Ordinal))) is not null),
            TimeSpan.FromSeconds(30),
            $"ProductCreated of {product} at the receiver");
        Assert.True(received!.SignedWith(secret), "the delivery is signed with the secret the page showed");
        Assert.Equal("ProductCreated", JsonDocument.Parse(received.Body).RootElement.GetProperty("type").GetString());

        // The receiver answers before the attempt is recorded: the page shows what is recorded when it is opened.
        var id = (await Api.GetAsync(admin, "/api/webhooks")).EnumerateArray().Single(w => w.GetProperty("url").GetString() == url).GetProperty("id").GetGuid();
        await Eventually.HoldsAsync(
            async () => (await Api.GetAsync(admin, $"/api/webhooks/{id}/deliveries")).GetProperty("items").EnumerateArray().Any(d => d.GetProperty("status").GetString() == "delivered"),
            TimeSpan.FromSeconds(30),
            "the delivery recorded as delivered");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Deliveries to {url}" }).PressAsync("Enter");
        await Expect(page.GetByTestId("delivery-row").First).ToContainTextAsync("delivered", Slow);
        await Expect(page.GetByTestId("webhook-deliveries")).ToContainTextAsync("200");
        await Browser.ScreenshotAsync(page, "admin-webhooks");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete webhook to {url}" }).PressAsync("Enter");
        await Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain(url, (await Api.GetAsync(admin, "/api/webhooks")).GetRawText());
    }
}
