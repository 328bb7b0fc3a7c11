using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Ordering;
using Bazaar.Inventory.Alerts;
using Bazaar.Inventory.Data;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Inventory;

public static class InventoryModule
{
    public static IHostApplicationBuilder AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InventoryOptions>()
            .BindConfiguration(InventoryOptions.Section)
            .Validate(options => options.IsValid(), "Inventory options are out of range.")
            .ValidateOnStart();

        builder.AddBazaarDbContext<InventoryDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<StockBook>();
        builder.Services.AddScoped<StockReservations>();
        builder.Services.AddHostedService<ReservationExpiry>();

        builder.AddMessaging<InventoryDb>("inventory")
            .Handle<ProductCreated, StockNewProduct>()
            .Handle<OrderPlaced, ReserveForOrder>()
            .Handle<OrderPaid, SellOrder>()
            .Handle<OrderCancelled, ReleaseOrder>()
            .Handle<ReturnReceived, RestockReturn>();
        return builder;
    }

    public static WebApplication MapInventory(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/inventory").WithTags("Inventory")
            .MapGetStock()
            .MapSetStock()
            .MapReserveStock()
            .MapGetReservation()
            .MapListLowStock()
            .MapStockReport()
            .MapListMovements()
            .MapRequestStockAlert();
        return app;
    }

    /// <summary>Brings the schema (and the default warehouse it seeds) up to date before serving.</summary>
    public static async Task InitializeInventoryAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InventoryDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }
}
