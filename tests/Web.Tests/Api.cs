using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;

namespace Bazaar.Web.Tests;

/// <summary>Test data made through the gateway's API, as another client of the shop would.</summary>
internal static class Api
{
    public const string Password = "Correct-Horse-1";

    public static async Task<HttpClient> SignInAsync(WebPlatform platform, string email, string password)
    {
        var client = platform.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    public static Task<HttpClient> AdminAsync(WebPlatform platform) => SignInAsync(platform, WebPlatform.AdminEmail, WebPlatform.AdminPassword);

    public static async Task<(HttpClient Client, string Email)> NewCustomerAsync(WebPlatform platform)
    {
        var email = $"api-{Guid.NewGuid():N}@example.test";
        using var anonymous = platform.CreateClient();
        using var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "Api Customer", email, password = Password });
        registered.EnsureSuccessStatusCode();
        return (await SignInAsync(platform, email, Password), email);
    }

    /// <summary>A user's id, found by the admin through the users list's search.</summary>
    public static async Task<Guid> UserIdAsync(HttpClient admin, string email)
    {
        var users = await GetAsync(admin, $"/api/users?q={Uri.EscapeDataString(email)}");
        return users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
    }

    public static async Task<(Guid Id, string Slug, string Name)> CreateCategoryAsync(HttpClient admin, string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"{name} {suffix}", slug = $"cat-{suffix}" });
        category.EnsureSuccessStatusCode();
        var body = await category.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("slug").GetString()!, body.GetProperty("name").GetString()!);
    }

    public static async Task<Guid> CreateProductAsync(HttpClient admin, Guid categoryId, string name, decimal price, int stock, string[]? images = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var product = await admin.PostAsJsonAsync("/api/products", new
        {
            sku = $"WEB-{suffix}",
            name,
            description = $"{name}, made for the browser tests.",
            categoryId,
            price,
            currency = "USD",
            tags = new[] { "web" },
            attributes = new Dictionary<string, string> { ["colour"] = "teal" },
            images = images ?? [],
            initialStock = stock,
        });
        product.EnsureSuccessStatusCode();
        return (await product.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Waits until Inventory holds the product's stock (it arrives by event), so it can be bought.</summary>
    public static Task StockedAsync(HttpClient client, Guid productId, int available) =>
        Eventually.HoldsAsync(async () => await AvailableAsync(client, productId) == available, TimeSpan.FromSeconds(30), $"{available} units of {productId}");

    public static async Task<int?> AvailableAsync(HttpClient client, Guid productId)
    {
        using var response = await client.GetAsync($"/api/inventory/{productId}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetInt32() : null;
    }

    public static async Task<int?> OnHandAsync(HttpClient client, Guid productId)
    {
        using var response = await client.GetAsync($"/api/inventory/{productId}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("onHand").GetInt32() : null;
    }

    /// <summary>Places an order paid with the Visa test card and waits until it is paid.</summary>
    public static async Task<Guid> PlacePaidOrderAsync(HttpClient customer, Guid productId)
    {
        using var placed = await customer.PostAsJsonAsync("/api/orders", new
        {
            items = new[] { new { productId, quantity = 1 } },
            shippingAddress = new { name = "Ada Buyer", line1 = "1 Market Street", city = "Tirana", postalCode = "1001", country = "AL" },
            paymentMethodId = "pm_card_visa",
        });
        placed.EnsureSuccessStatusCode();
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.HoldsAsync(
            async () => (await GetAsync(customer, $"/api/orders/{id}")).GetProperty("status").GetString() == "paid",
            TimeSpan.FromSeconds(30),
            $"order {id} paid");
        return id;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
