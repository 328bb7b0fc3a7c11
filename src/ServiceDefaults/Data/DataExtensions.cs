using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace Bazaar.ServiceDefaults.Data;

public static class DataExtensions
{
    /// <summary>The service's own PostgreSQL database (ConnectionStrings:postgres), checked by /health/ready.</summary>
    public static IHostApplicationBuilder AddBazaarDbContext<TDb>(this IHostApplicationBuilder builder)
        where TDb : DbContext
    {
        var connectionString = Tuned(builder.Configuration.GetConnectionString("postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:postgres is not configured."));
        // Pooled: a context is reset and reused instead of built per request or message.
        builder.Services.AddDbContextPool<TDb>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3))
            .UseSnakeCaseNamingConvention()
            // Interceptors registered in DI (the outbox's commit signal, for one) join every context.
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "postgres",
            services => new DbContextHealthCheck<TDb>(services),
            HealthStatus.Unhealthy,
            [ServiceDefaultsExtensions.ReadyTag],
            TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>
    /// Statements the service runs again and again are prepared once per connection (PostgreSQL
    /// skips parsing and planning them), and a pooled connection is not reset with DISCARD ALL each
    /// time it is taken: no service keeps session state (locks and settings are per transaction).
    /// A connection string that sets either keeps its own value.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is valid, not whether
        // the string sets it, so the keys the string really holds are read with the plain builder.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(nameof(settings.MaxAutoPrepare)))
        {
            settings.MaxAutoPrepare = 64;
        }

        if (!given.Contains(nameof(settings.NoResetOnClose)))
        {
            settings.NoResetOnClose = true;
        }

        return settings.ConnectionString;
    }

    /// <summary>Redis (ConnectionStrings:redis), shared by the whole process, checked by /health/ready.</summary>
    public static IHostApplicationBuilder AddBazaarRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("redis")
            ?? throw new InvalidOperationException("ConnectionStrings:redis is not configured.");
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "redis",
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            HealthStatus.Unhealthy,
            [ServiceDefaultsExtensions.ReadyTag],
            TimeSpan.FromSeconds(5)));
        return builder;
    }
}
