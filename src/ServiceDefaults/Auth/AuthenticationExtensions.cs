using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.ServiceDefaults.Auth;

public static partial class AuthenticationExtensions
{
    /// <summary>
    /// Bearer tokens from Identity: RS256 signature against its JWKS, issuer, audience and lifetime
    /// checked, and tokens of revoked sessions or of users whose roles changed since refused (Redis
    /// denylist, <see cref="SessionDenylist"/>). Needs AddBazaarRedis.
    /// </summary>
    public static IHostApplicationBuilder AddBazaarAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.TryAddSingleton<SessionDenylist>();
        builder.Services.TryAddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(services =>
        {
            var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("jwks");
            return new ConfigurationManager<OpenIdConnectConfiguration>(
                options.JwksUrl,
                new JwksConfigurationRetriever(),
                new HttpDocumentRetriever(http) { RequireHttps = false })
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(1),
                RefreshInterval = TimeSpan.FromSeconds(30),
            };
        });
        builder.Services.AddHttpClient("jwks");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IConfigurationManager<OpenIdConnectConfiguration>>((jwt, auth, keys) =>
            {
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = false;
                jwt.ConfigurationManager = keys;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    NameClaimType = BazaarClaims.Subject,
                    RoleClaimType = BazaarClaims.Roles,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RefuseRevokedSessionsAsync };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Service, policy => policy.RequireRole(Roles.Service));
        return builder;
    }

    private static async Task RefuseRevokedSessionsAsync(TokenValidatedContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }

        var denylist = context.HttpContext.RequestServices.GetRequiredService<SessionDenylist>();
        try
        {
            if (await denylist.IsRefusedAsync(principal))
            {
                context.Fail("The session of this token was revoked, or the user's roles changed since it was issued.");
            }
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Without the denylist a revoked token cannot be told apart: refuse rather than guess.
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bazaar.Auth");
            LogDenylistUnavailable(logger, ex);
            context.Fail("Token revocation could not be checked.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The session denylist is unavailable; refusing the token")]
    private static partial void LogDenylistUnavailable(ILogger logger, Exception exception);
}
