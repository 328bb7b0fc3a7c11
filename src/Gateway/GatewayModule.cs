using Microsoft.AspNetCore.HttpOverrides;
using Scalar.AspNetCore;

namespace Bazaar.Gateway;

public static class GatewayModule
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.AddGatewayRateLimits();

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "Retry-After", "X-Correlation-Id")));

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only proxies named in configuration are believed (loopback is by default).
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseRateLimiter();

        var documents = app.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.ApiDocuments ?? [];
        app.MapScalarApiReference("/api/docs", options =>
        {
            options.WithTitle("Bazaar API");
            foreach (var document in documents)
            {
                options.AddDocument(document.Name, document.Title, $"/openapi/{document.Name}.json");
            }
        }).DisableRateLimiting();

        // Scalar asks for each document relative to its page (/api/docs/openapi/<name>.json);
        // the proxy serves them at /openapi/<name>.json.
        var known = documents.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        app.MapGet("/api/docs/openapi/{name}.json", (string name) =>
            known.Contains(name) ? Results.Redirect($"/openapi/{name}.json") : Results.NotFound())
            .ExcludeFromDescription();

        // Everything that is not an API goes to the storefront (a catch-all route of low
        // priority); an /api path that no service owns is a 404 problem, not a storefront page.
        app.Map("/api/{**rest}", () => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not Found",
            detail: "No API route matches this path."))
            .ExcludeFromDescription();

        app.MapReverseProxy(proxy =>
        {
            // The default pipeline, another instance for a refused connection, and a problem for a service that is down.
            proxy.UseUnavailableAsProblem();
            proxy.UseSessionAffinity();
            proxy.UseAnotherInstanceWhenRefused();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The services whose OpenAPI documents the combined docs show; the proxy serves each at /openapi/{name}.json.</summary>
    public List<ApiDocument> ApiDocuments { get; set; } = [];
}

public sealed record ApiDocument(string Name, string Title);
