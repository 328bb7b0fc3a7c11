using Bazaar.Web.Auth;

namespace Bazaar.Web.Api;

/// <summary>A shopper's own account: profile, password, email verification, address book, login sessions (Identity), notifications and their preferences (Notifications).</summary>
public sealed class AccountApi(HttpClient http, UserSession session) : GatewayApi(http, session)
{
    public Task<ApiResult<UserProfile>> ProfileAsync() => GetAsync<UserProfile>("/api/users/me");

    public Task<ApiResult<UserProfile>> UpdateProfileAsync(string name, string? mobile) =>
        PutAsync<UserProfile>("/api/users/me", new { name, mobile = string.IsNullOrWhiteSpace(mobile) ? null : mobile.Trim() });

    public Task<ApiResult<object>> ChangePasswordAsync(string currentPassword, string newPassword) =>
        PostAsync<object>("/api/auth/password", new { currentPassword, newPassword });

    public Task<ApiResult<object>> ResendVerificationAsync() => PostAsync<object>("/api/auth/verify-email/resend", null);

    public Task<ApiResult<List<SavedAddress>>> AddressesAsync() => GetAsync<List<SavedAddress>>("/api/users/me/addresses");

    public Task<ApiResult<SavedAddress>> AddAddressAsync(AddressInput address) => PostAsync<SavedAddress>("/api/users/me/addresses", address);

    public Task<ApiResult<SavedAddress>> UpdateAddressAsync(Guid id, AddressInput address) => PutAsync<SavedAddress>($"/api/users/me/addresses/{id}", address);

    public Task<ApiResult<object>> DeleteAddressAsync(Guid id) => DeleteAsync<object>($"/api/users/me/addresses/{id}");

    public Task<ApiResult<List<LoginSession>>> SessionsAsync() => GetAsync<List<LoginSession>>("/api/auth/sessions");

    public Task<ApiResult<object>> EndSessionAsync(Guid id) => DeleteAsync<object>($"/api/auth/sessions/{id}");

    public Task<ApiResult<NotificationPreferences>> PreferencesAsync() => GetAsync<NotificationPreferences>("/api/notifications/preferences");

    public Task<ApiResult<NotificationPreferences>> SetPreferencesAsync(NotificationPreferences preferences) =>
        PutAsync<NotificationPreferences>("/api/notifications/preferences", preferences);

    public Task<ApiResult<Paged<SentNotification>>> NotificationsAsync(int page, int pageSize = 10) =>
        GetAsync<Paged<SentNotification>>($"/api/notifications?page={page}&pageSize={pageSize}");
}
