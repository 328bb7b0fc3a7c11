using System.Net;
using System.Net.Http.Json;
using Bazaar.TestSupport;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>An app started without BAZAAR_ADMIN_PASSWORD (blank counts as unset).</summary>
public sealed class DefaultAdminPasswordApp(InfrastructureFixture infrastructure) : IdentityApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["BAZAAR_ADMIN_PASSWORD"] = "";
}

public sealed class AdminSeedTests(DefaultAdminPasswordApp app) : IClassFixture<DefaultAdminPasswordApp>
{
    [Fact]
    public async Task SeededAdmin_WithoutConfiguredPassword_LogsInWithTheDevelopmentDefault()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync(
            "/api/auth/login", new { email = IdentityApp.AdminEmail, password = "Admin-Dev-Password-1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken);
        using var admin = app.ClientWith(tokens!.AccessToken);
        var users = await admin.GetAsync("/api/users", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }
}
