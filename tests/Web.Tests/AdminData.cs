using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Web.Tests;

/// <summary>Test data of the operator's pages (vendors, reviews), made through the gateway's API.</summary>
internal static class AdminData
{
    public static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    public static async Task<Guid> UserIdAsync(HttpClient client) =>
        (await Api.GetAsync(client, "/api/users/me")).GetProperty("id").GetGuid();

    /// <summary>A registered shopper made a vendor by the admin, signed in afresh so that the token carries the role.</summary>
    public static async Task<(HttpClient Client, string Email, Guid Id)> NewVendorAsync(WebPlatform platform, HttpClient admin)
    {
        var (customer, email) = await Api.NewCustomerAsync(platform);
        Guid id;
        using (customer)
        {
            id = await UserIdAsync(customer);
        }

        using var roles = await admin.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { "customer", "vendor" } });
        roles.EnsureSuccessStatusCode();
        return (await Api.SignInAsync(platform, email, Api.Password), email, id);
    }

    /// <summary>A review whose comment has a link: moderation holds it as pending.</summary>
    public static async Task<Guid> PendingReviewAsync(HttpClient customer, Guid productId, string title)
    {
        using var written = await customer.PostAsJsonAsync("/api/reviews", new
        {
            productId,
            rating = 5,
            title,
            comment = "Lovely, photos at https://example.com/photos",
        });
        written.EnsureSuccessStatusCode();
        var review = await written.Content.ReadFromJsonAsync<JsonElement>();
        if (review.GetProperty("status").GetString() != "pending")
        {
            throw new InvalidOperationException("A review with a link should wait for moderation.");
        }

        return review.GetProperty("id").GetGuid();
    }

    public static async Task<int> StatusCodeAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (int)response.StatusCode;
    }
}
