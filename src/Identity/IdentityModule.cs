using Bazaar.Identity.Addresses;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Data;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Bazaar.Identity;

public static class IdentityModule
{
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityServiceOptions>()
            .BindConfiguration(IdentityServiceOptions.Section)
            .Validate(options => options.IsValid(), "Identity options are not valid (lifetimes, lockout, clients).")
            .ValidateOnStart();

        builder.AddBazaarDbContext<IdentityDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddMessaging<IdentityDb>("identity");

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<ServiceClients>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SessionTokens>();
        builder.Services.AddScoped<AccountTokens>();
        builder.Services.AddScoped<IdentityStartup>();

        // Before AddBazaarAuthentication, whose JWKS-over-HTTP default is only added when none is there.
        builder.Services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>, SigningKeyConfiguration>();
        builder.AddBazaarAuthentication();
        return builder;
    }

    public static WebApplication MapIdentity(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        // Tokens and the new user's data come back without credentials on the request: never stored.
        app.MapGroup("/api/auth").WithTags("Auth").NoStore()
            .MapRegister()
            .MapLogin()
            .MapRefresh()
            .MapLogout()
            .MapValidate()
            .MapIssueToken()
            .MapRevokeToken()
            .MapListSessions()
            .MapEndSession()
            .MapChangePassword()
            .MapPasswordReset()
            .MapVerifyEmail();

        app.MapGroup("/api/users").WithTags("Users").RequireAuthorization()
            .MapGetUser()
            .MapUpdateUser()
            .MapListUsers()
            .MapSetRoles()
            .MapAddressBook();

        // Not routed by the gateway: for Ordering, with a service token.
        app.MapGroup("/internal/users").WithTags("Internal")
            .MapGetAddressForService();

        app.MapDiscovery();
        return app;
    }

    /// <summary>Migrates, seeds and loads the signing keys; call before the app starts serving.</summary>
    public static async Task InitializeIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityStartup>().RunAsync(app.Lifetime.ApplicationStopping);
    }
}
