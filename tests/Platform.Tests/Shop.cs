using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Platform.Tests;

/// <summary>What a client of the shop does, over HTTP through the gateway.</summary>
internal static class Shop
{
    public static async Task<HttpClient> SignInAsync(RunningPlatform platform, string email, string password)
    {
        var client = platform.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    public static Task<HttpClient> AdminAsync(RunningPlatform platform) =>
        SignInAsync(platform, RunningPlatform.AdminEmail, RunningPlatform.AdminPassword);

    /// <summary>A newly registered customer, signed in, and their user id.</summary>
    public static async Task<(HttpClient Client, Guid UserId)> NewCustomerAsync(RunningPlatform platform, string name = "Platform Customer")
    {
        var email = $"customer-{Guid.NewGuid():N}@example.test";
        using var anonymous = platform.CreateClient();
        using var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { name, email, password = "Correct-Horse-1" });
        registered.EnsureSuccessStatusCode();
        var user = await registered.Content.ReadFromJsonAsync<JsonElement>();
        return (await SignInAsync(platform, email, "Correct-Horse-1"), user.GetProperty("id").GetGuid());
    }

    /// <summary>A product in a new category, created by the admin, with <paramref name="stock"/> units.</summary>
    public static async Task<Guid> CreateProductAsync(HttpClient admin, string name, decimal price, int stock)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"Category {suffix}", slug = $"category-{suffix}" });
        category.EnsureSuccessStatusCode();
        var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var product = await admin.PostAsJsonAsync("/api/products", new
        {
            sku = $"SKU-{suffix}",
            name,
            description = $"{name}, for the platform tests.",
            categoryId,
            price,
            currency = "USD",
            tags = new[] { "platform" },
            initialStock = stock,
        });
        product.EnsureSuccessStatusCode();
        return (await product.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
