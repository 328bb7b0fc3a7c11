using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Bazaar.Deploy.Tests;

/// <summary>
/// The newcomer's journey against the platform as it runs from its images and the podman overlay
/// (deploy/podman/journey.sh plays it, then runs this with BAZAAR_PLAYED_GATEWAY set): register,
/// browse, add to the cart, check out, the order paid, the confirmation mail received, the sale on
/// the admin's dashboard. Without a played platform it is skipped, and says why.
/// </summary>
public sealed class PlayedJourneyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    [Fact]
    public async Task Newcomer_RegistersBrowsesBuys_IsPaidMailedAndCountedOnTheDashboard()
    {
        var gateway = Setting("BAZAAR_PLAYED_GATEWAY");
        Assert.SkipWhen(gateway is null, "No played platform: deploy/podman/journey.sh plays the images and runs this test against them.");
        var ct = TestContext.Current.CancellationToken;
        using var mail = new HttpClient { BaseAddress = new Uri(Setting("BAZAAR_PLAYED_MAIL") ?? "http://127.0.0.1:1080/") };
        using var admin = await SignedInAsync(gateway!, "admin@bazaar.local", Setting("BAZAAR_PLAYED_ADMIN_PASSWORD") ?? "Admin-Dev-Password-1", ct);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var product = await StockedProductAsync(admin, ct);

        // Register and sign in.
        var email = $"newcomer-{Guid.NewGuid():N}@example.test";
        using (var anonymous = new HttpClient { BaseAddress = new Uri(gateway!) })
        {
            using var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "Nora Newcomer", email, password = "Correct-Horse-1" }, ct);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var shopper = await SignedInAsync(gateway!, email, "Correct-Horse-1", ct);

        // Browse: the product is found by a search, and its page answers.
        var found = await JsonAsync(shopper, $"/api/products?search={Uri.EscapeDataString(product.Name)}", ct);
        Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == product.Id);
        Assert.Equal(product.Name, (await JsonAsync(shopper, $"/api/products/{product.Id}", ct)).GetProperty("name").GetString());

        // Cart and checkout.
        (await shopper.PostAsJsonAsync("/api/cart/items", new { productId = product.Id, quantity = 2 }, ct)).EnsureSuccessStatusCode();
        var address = new { name = "Nora Newcomer", line1 = "1 Market Street", city = "Tirana", postalCode = "1001", country = "AL" };
        using var checkout = await shopper.PostAsJsonAsync("/api/cart/checkout", new { shippingAddress = address, paymentMethodId = "pm_card_visa" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, checkout.StatusCode);
        var orderId = (await checkout.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("orderId").GetGuid();

        await UntilAsync(async () => (await JsonAsync(shopper, $"/api/orders/{orderId}", ct)).GetProperty("status").GetString() == "paid", $"order {orderId} paid", ct);
        await UntilAsync(
            async () => (await mail.GetFromJsonAsync<JsonElement>("email", ct)).EnumerateArray().Any(m =>
                m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetProperty("address").GetString(), email, StringComparison.OrdinalIgnoreCase))
                && m.GetProperty("subject").GetString()!.Contains("is confirmed", StringComparison.Ordinal)),
            $"the order confirmation mail to {email}",
            ct);
        await UntilAsync(
            async () => (await JsonAsync(admin, $"/api/analytics/sales?from={Uri.EscapeDataString(since.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}&interval=hour", ct))
                .GetProperty("topProducts").EnumerateArray().Any(p => p.GetProperty("productId").GetGuid() == product.Id && p.GetProperty("quantity").GetInt32() == 2),
            "the sale on the admin's dashboard",
            ct);
    }

    private static async Task<HttpClient> SignedInAsync(string gateway, string email, string password, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = new Uri(gateway) };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A product of its own with stock, so the journey does not depend on what the demo catalog has left.</summary>
    private static async Task<(Guid Id, string Name)> StockedProductAsync(HttpClient admin, CancellationToken ct)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"Played Lamp {suffix}";
        using var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"Played {suffix}", slug = $"played-{suffix}" }, ct);
        category.EnsureSuccessStatusCode();
        var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        using var created = await admin.PostAsJsonAsync(
            "/api/products",
            new { sku = $"PLAYED-{suffix}", name, description = "A lamp for the played journey.", categoryId, price = 24.5m, currency = "USD", tags = new[] { "played" }, initialStock = 5 },
            ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        // Inventory hears of the product through the broker: buyable once its stock is there.
        await UntilAsync(async () => (await admin.GetAsync($"/api/inventory/{id}", ct)).IsSuccessStatusCode, $"stock of {id} in Inventory", ct);
        return (id, name);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {Patience.TotalSeconds:0} s: {what}");
            await Task.Delay(250, ct);
        }
    }
}
