using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Web.Api;
using Polly;

namespace Bazaar.Web.Auth;

/// <summary>Identity's auth routes through the gateway; tokens are passed explicitly because these calls make or end them.</summary>
public sealed class AuthApi(HttpClient http)
{
    public Task<ApiResult<TokenPair>> LoginAsync(string email, string password, string? clientIp) =>
        PostAsync<TokenPair>("/api/auth/login", new { email, password }, null, clientIp);

    public Task<ApiResult<RegisteredUser>> RegisterAsync(string name, string email, string password, string? mobile, string? clientIp) =>
        PostAsync<RegisteredUser>("/api/auth/register", new { name, email, password, mobile = string.IsNullOrWhiteSpace(mobile) ? null : mobile }, null, clientIp);

    public Task<ApiResult<object>> RequestPasswordResetAsync(string email, string? clientIp) =>
        PostAsync<object>("/api/auth/password-reset", new { email }, null, clientIp);

    public Task<ApiResult<object>> ResetPasswordAsync(string token, string newPassword, string? clientIp) =>
        PostAsync<object>("/api/auth/password-reset/confirm", new { token, newPassword }, null, clientIp);

    public Task<ApiResult<object>> VerifyEmailAsync(string token, string? clientIp) =>
        PostAsync<object>("/api/auth/verify-email", new { token }, null, clientIp);

    public Task<ApiResult<TokenPair>> RefreshAsync(string refreshToken) =>
        PostAsync<TokenPair>("/api/auth/refresh", new { refreshToken }, null, null);

    public Task<ApiResult<object>> LogoutAsync(string accessToken, string? clientIp) =>
        PostAsync<object>("/api/auth/logout", null, accessToken, clientIp);

    private async Task<ApiResult<T>> PostAsync<T>(string path, object? body, string? bearer, string? clientIp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        // The gateway rate-limits sign-ins per client; without this every shopper would share the web app's address.
        if (clientIp is not null)
        {
            request.Headers.Add("X-Forwarded-For", clientIp);
        }

        try
        {
            using var response = await http.SendAsync(request);
            return await ApiResult<T>.FromAsync(response, CancellationToken.None);
        }
        catch (HttpRequestException ex)
        {
            return ApiResult<T>.Unreachable($"The shop is not reachable right now ({ex.Message}).");
        }
        catch (ExecutionRejectedException)
        {
            // The attempt timed out (a loaded machine): an answer for the form, as GatewayApi gives, not a 500 page.
            return ApiResult<T>.Unreachable("The shop is taking too long to answer; please try again.");
        }
    }
}

public sealed record RegisteredUser(Guid Id, string Name, string Email);
