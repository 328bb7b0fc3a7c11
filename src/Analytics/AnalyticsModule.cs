using Bazaar.Analytics.Audit;
using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Analytics.Sales;
using Bazaar.Analytics.Users;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Analytics;

public static class AnalyticsModule
{
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .Validate(options => options.IsValid(), "Analytics options are not valid (currency, limits, partition schedule).")
            .ValidateOnStart();

        builder.AddBazaarDbContext<AnalyticsDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<MonthlyPartitions>();

        builder.AddRecordedEvents();
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/analytics").WithTags("Analytics")
            .MapTrackEvent()
            .MapGetSales()
            .MapGetUserActivity();
        app.MapGetAuditLog();
        return app;
    }

    /// <summary>Brings the schema (and this month's partitions) up to date; call before serving or consuming.</summary>
    public static async Task InitializeAnalyticsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AnalyticsDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }
}
