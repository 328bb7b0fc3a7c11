using System.Net.Http.Json;
using Bazaar.Identity.Data;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Identity.Tests;

/// <summary>
/// The Identity service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ. Use as a class fixture; subclasses change settings.
/// </summary>
// Not sealed: tests subclass it to change settings (ShortLockoutIdentityApp, DefaultAdminPasswordApp).
public class IdentityApp(InfrastructureFixture infrastructure) : ServiceApp<IdentityDb>(infrastructure, "identity")
{
    /// <summary>Not the default, to show that tokens and discovery follow Auth:Issuer.</summary>
    public const string Issuer = "http://gateway.bazaar.test:5000";
    public const string AdminEmail = "admin@bazaar.local";
    public const string AdminPassword = "Test-Admin-Password-1";
    public const string ServiceClientId = "ordering";
    public const string ServiceClientSecret = "ordering-test-secret";

    /// <summary>A second app on an existing database, as after a restart.</summary>
    public static IdentityApp OnDatabase(InfrastructureFixture infrastructure, string connectionString) =>
        new(infrastructure) { DatabaseConnectionString = connectionString };

    // Identity publishes but consumes nothing: it is ready once started.
    protected override bool ConsumesEvents => false;

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        settings["Auth:Issuer"] = Issuer;
        settings["BAZAAR_ADMIN_PASSWORD"] = AdminPassword;
        settings["Identity:Clients:0:ClientId"] = ServiceClientId;
        settings["Identity:Clients:0:ClientSecret"] = ServiceClientSecret;
    }

    // Identity signs the tokens itself: there are no test keys to trust.
    protected override void ConfigureTestServices(IServiceCollection services)
    {
    }

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    public async Task<UserBody> RegisterAsync(string email, string password = "Correct-Horse-1", string name = "Test User")
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { name, email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UserBody>())!;
    }

    public async Task<TokenBody> LoginAsync(string email, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!;
    }

    /// <summary>A freshly registered customer, logged in.</summary>
    public async Task<SignedIn> NewCustomerAsync()
    {
        var email = NewEmail();
        const string password = "Correct-Horse-1";
        var user = await RegisterAsync(email, password);
        var tokens = await LoginAsync(email, password);
        return new SignedIn(user.Id, email, password, tokens, ClientWith(tokens.AccessToken));
    }

    public async Task<SignedIn> AdminAsync()
    {
        var tokens = await LoginAsync(AdminEmail, AdminPassword);
        using var client = ClientWith(tokens.AccessToken);
        var me = (await client.GetFromJsonAsync<UserBody>("/api/users/me"))!;
        return new SignedIn(me.Id, AdminEmail, AdminPassword, tokens, ClientWith(tokens.AccessToken));
    }
}

/// <summary>An app whose lockout ends after three seconds, so a test can wait it out.</summary>
public sealed class ShortLockoutIdentityApp(InfrastructureFixture infrastructure) : IdentityApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) =>
        settings["Identity:Lockout:Duration"] = "00:00:03";
}
