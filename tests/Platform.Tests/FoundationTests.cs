using System.Net;
using System.Net.Http.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>The platform as processes behind the gateway: what a newcomer and an operator see.</summary>
public sealed class FoundationTests(RunningPlatform platform)
{
    [Fact]
    public async Task Newcomer_RegistersSignsInReadsProfileAndAfterLogoutTheTokenIsRefused()
    {
        var (client, userId) = await Shop.NewCustomerAsync(platform, "Ada Newcomer");

        var me = await Shop.GetJsonAsync(client, "/api/users/me");
        Assert.Equal(userId, me.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task ProductCreatedInCatalog_ReachesInventoryAndItsStockStatusComesBack()
    {
        using var admin = await Shop.AdminAsync(platform);

        var productId = await Shop.CreateProductAsync(admin, "Platform Lamp", 24.50m, stock: 7);

        // Catalog -> ProductCreated -> Inventory, over the real bus.
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await admin.GetAsync($"/api/inventory/{productId}");
            return response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("available").GetInt32() == 7;
        }, TimeSpan.FromSeconds(20), "Inventory holding the 7 units");

        // Inventory -> StockLevelChanged -> Catalog: an admin lowers stock to 0; the product shows out of stock.
        using var set = await admin.PutAsJsonAsync($"/api/inventory/{productId}", new { onHand = 0 });
        set.EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
            (await Shop.GetJsonAsync(admin, $"/api/products/{productId}")).GetProperty("stockStatus").GetString() == "out_of_stock",
            TimeSpan.FromSeconds(20), "the catalog showing out_of_stock");
    }

    [Fact]
    public async Task ApprovedReview_ChangesTheProductsRatingWithinFiveSeconds()
    {
        using var admin = await Shop.AdminAsync(platform);
        var productId = await Shop.CreateProductAsync(admin, "Platform Kettle", 39m, stock: 3);
        var (customer, _) = await Shop.NewCustomerAsync(platform, "Rita Reviewer");

        using var review = await customer.PostAsJsonAsync("/api/reviews", new { productId, rating = 4, title = "Good", comment = "Boils fast and quietly." });
        review.EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () =>
        {
            var rating = (await Shop.GetJsonAsync(customer, $"/api/products/{productId}")).GetProperty("rating");
            return rating.GetProperty("count").GetInt32() == 1 && rating.GetProperty("average").GetDecimal() == 4m;
        }, TimeSpan.FromSeconds(5), "the product's rating to be 4 from 1 review");
    }

    [Fact]
    public async Task ReviewerName_ComesFromIdentitysEvents()
    {
        using var admin = await Shop.AdminAsync(platform);
        var productId = await Shop.CreateProductAsync(admin, "Platform Mug", 9m, stock: 3);
        var (customer, userId) = await Shop.NewCustomerAsync(platform, "Nora Named");

        using var review = await customer.PostAsJsonAsync("/api/reviews", new { productId, rating = 5, comment = "Holds coffee." });
        review.EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () =>
        {
            var reviews = await Shop.GetJsonAsync(customer, $"/api/reviews/user/{userId}");
            return reviews.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("reviewerName").GetString() == "Nora Named");
        }, TimeSpan.FromSeconds(10), "the review to show the reviewer's name");
    }

    [Fact]
    public async Task EveryServicesDocument_IsReachableFromTheApiDocs()
    {
        using var client = platform.CreateClient();

        var page = await client.GetStringAsync("/api/docs/");

        foreach (var service in new[] { "identity", "catalog", "cart", "inventory", "reviews", "notifications" })
        {
            Assert.Contains($"openapi/{service}.json", page);
            using var document = await client.GetAsync($"/api/docs/openapi/{service}.json");
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }
    }

    [Fact]
    public async Task Registration_SendsAWelcomeMailOverSmtp()
    {
        var email = $"welcome-{Guid.NewGuid():N}@example.test";
        using var client = platform.CreateClient();

        using var registered = await client.PostAsJsonAsync("/api/auth/register", new { name = "Wendy Welcome", email, password = "Correct-Horse-1" });

        registered.EnsureSuccessStatusCode();
        var mail = await platform.Mail.WaitForMailAsync(email, "Welcome", TimeSpan.FromSeconds(20));
        Assert.Contains("Wendy Welcome", mail.Text);
    }
}
