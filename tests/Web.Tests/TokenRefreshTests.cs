using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>
/// Signed in past the access token's lifetime, through the platform's short-token entrance
/// (<see cref="WebPlatform.ShortTokenGatewayAsync"/>): the web app refreshes the tokens itself.
/// </summary>
public sealed class TokenRefreshTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    [Fact]
    public async Task SignedIn_PastTheAccessTokenLifetime_StaysSignedInAndSavesWork()
    {
        var gateway = await platform.ShortTokenGatewayAsync();
        var page = await platform.NewPageAsync(gateway: gateway);
        var email = Browser.NewEmail();
        await Browser.RegisterAsync(page, "Tara Tokens", email);
        await Browser.GoToAsync(page, "/account/profile");
        await Expect(page.GetByTestId("profile-email")).ToHaveTextAsync(email, new() { Timeout = 30_000 });

        // A token issued after the browser's: once the services refuse it (lifetime plus their clock
        // skew), the token the browser signed in with is refused too.
        using var probe = platform.CreateClient(gateway);
        probe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(probe, email));
        await UntilRefusedAsync(probe, WebPlatform.ShortTokenLifetime + TimeSpan.FromSeconds(60));

        // The page opened before then (its circuit holds the old tokens) still saves.
        await page.GetByLabel("Mobile (optional)").FillAsync("+355 69 555 0101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).PressAsync("Enter");
        await Expect(page.GetByTestId("profile-saved")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "failed" }).AllAsync());

        // A new page load (the cookie's tokens are as old) is still signed in and its API calls work.
        await Browser.GoToAsync(page, "/account/sessions");
        Assert.Matches(new Regex("/account/sessions$"), page.Url);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Tara Tokens");
        await Expect(page.GetByTestId("current-session")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Browser.GoToAsync(page, "/account/profile");
        await Expect(page.GetByLabel("Mobile (optional)")).ToHaveValueAsync("+355 69 555 0101", new() { Timeout = 30_000 });
    }

    private static async Task<string> LoginAsync(HttpClient client, string email)
    {
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Api.Password });
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(WebPlatform.ShortTokenLifetime.TotalSeconds, tokens.GetProperty("expiresIn").GetInt32());
        return tokens.GetProperty("accessToken").GetString()!;
    }

    private static async Task UntilRefusedAsync(HttpClient client, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.GetAsync("/api/users/me");
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, $"A {WebPlatform.ShortTokenLifetime.TotalSeconds:0} s token still works after {timeout.TotalSeconds:0} s.");
            await Task.Delay(500);
        }
    }
}
