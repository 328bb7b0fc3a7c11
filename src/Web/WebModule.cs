using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Bazaar.Web.Api;
using Bazaar.Web.Auth;
using Bazaar.Web.Components;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Http.Resilience;
using MudBlazor.Services;

namespace Bazaar.Web;

/// <summary>The storefront: Blazor (interactive server), cookie sign-in holding the API tokens, typed gateway clients.</summary>
public static class WebModule
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddAuthorization();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "bazaar.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/account/signin";
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = TimeSpan.FromDays(7);
                options.SlidingExpiration = false;
                options.EventsType = typeof(TokenRefreshEvents);
            });
        services.AddTransient<TokenRefreshEvents>();
        services.AddSingleton<TokenRefresher>();
        // The denylist every service checks: a role change or an ended session reaches the pages too.
        builder.AddBazaarRedis();
        services.AddSingleton<SessionDenylist>();
        services.AddSingleton<TokenStanding>();
        services.AddScoped<AuthenticationStateProvider, CircuitAuthentication>();

        // Run from bin/ (the launcher, the tests) MudBlazor's and Blazor's files come from the static web assets manifest.
        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseStaticWebAssets();
        }

        // The launcher passes every service the public URL as Auth:Issuer (the gateway's); Gateway:Url wins when set.
        var gateway = new Uri(builder.Configuration["Gateway:Url"] ?? builder.Configuration["Auth:Issuer"] ?? "http://127.0.0.1:5000");
        services.AddHttpClient<AuthApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddHttpClient<ShopApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddHttpClient<AccountApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddHttpClient<WishlistApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddScoped<WishlistState>();
        services.AddHttpClient<AdminApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddHttpClient<ReturnsApi>(http => http.BaseAddress = gateway).WithSafeRetries();
        services.AddHttpClient<ProductCsvApi>(http =>
        {
            http.BaseAddress = gateway;
            http.Timeout = ProductCsvApi.Timeout + TimeSpan.FromSeconds(30);
        }).WithSafeRetries(ProductCsvApi.Timeout);
        services.AddHttpContextAccessor();
        services.AddScoped<UserSession>();
        services.AddScoped<GuestTokens>();
        return builder;
    }

    /// <summary>Retries only reads: a retried POST (add to cart, sign-in) could act twice.</summary>
    /// <param name="attemptTimeout">Longer than the standard 10 s for a client whose calls take long (a CSV import).</param>
    private static IHttpClientBuilder WithSafeRetries(this IHttpClientBuilder http, TimeSpan? attemptTimeout = null)
    {
        // Experimental API, but the only way to replace the defaults ServiceDefaults gives every client.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            if (attemptTimeout is { } timeout)
            {
                options.AttemptTimeout.Timeout = timeout;
                options.TotalRequestTimeout.Timeout = timeout;
                // The breaker's window must be at least twice an attempt's timeout.
                options.CircuitBreaker.SamplingDuration = timeout * 2;
            }
        });
        return http;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        // Behind the gateway (loopback, trusted by default): its host for redirects, the shopper's address for limits.
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        });
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        ProductCsvApi.MapProductCsvExport(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
