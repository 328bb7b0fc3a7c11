using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Identity;

namespace Bazaar.Identity.Tests;

/// <summary>What the account tests need of the app: the mailed tokens (read from the outbox, as Notifications gets them) and a service token.</summary>
public static class AccountHelpers
{
    /// <summary>The newest reset token mailed to the user.</summary>
    public static async Task<PasswordResetRequested> LastResetAsync(this IdentityApp app, Guid userId) =>
        (await app.EventsAsync<PasswordResetRequested>(e => e.UserId == userId)).Last();

    /// <summary>The newest verification token mailed to the user.</summary>
    public static async Task<EmailVerificationRequested> LastVerificationAsync(this IdentityApp app, Guid userId) =>
        (await app.EventsAsync<EmailVerificationRequested>(e => e.UserId == userId)).Last();

    public static async Task<HttpResponseMessage> RequestResetAsync(this IdentityApp app, string email)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/password-reset", new { email }, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpResponseMessage> ConfirmResetAsync(this IdentityApp app, string token, string newPassword)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token, newPassword }, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpResponseMessage> RefreshAsync(this IdentityApp app, string refreshToken)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, TestContext.Current.CancellationToken);
    }

    /// <summary>A client acting as Ordering: a client_credentials token (role service).</summary>
    public static async Task<HttpClient> ServiceClientAsync(this IdentityApp app)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = IdentityApp.ServiceClientId,
            ["client_secret"] = IdentityApp.ServiceClientSecret,
        }), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return app.ClientWith(json.GetProperty("access_token").GetString()!);
    }
}
