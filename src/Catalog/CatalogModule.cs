using Bazaar.Catalog.Categories;
using Bazaar.Catalog.Data;
using Bazaar.Catalog.Products;
using Bazaar.Catalog.Wishlist;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Reviews;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Catalog;

public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        builder.AddBazaarDbContext<CatalogDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddMessaging<CatalogDb>("catalog")
            .Handle<StockLevelChanged, StockLevelChangedHandler>()
            .Handle<ProductRatingChanged, ProductRatingChangedHandler>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CatalogStartup>();

        builder.AddBazaarAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CatalogPolicies.Editor, policy => policy.RequireRole(Roles.Admin, Roles.Vendor))
            .AddPolicy(CatalogPolicies.ServiceOrAdmin, policy => policy.RequireRole(Roles.Service, Roles.Admin));
        return builder;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/products").WithTags("Products")
            .MapListProducts()
            .MapGetProduct()
            .MapCreateProduct()
            .MapUpdateProduct()
            .MapArchiveProduct()
            .MapExportProducts()
            .MapImportProducts();

        app.MapGroup("/api/categories").WithTags("Categories")
            .MapListCategories()
            .MapCreateCategory()
            .MapUpdateCategory()
            .MapDeleteCategory();

        app.MapGroup("/api/wishlist").WithTags("Wishlist").RequireAuthorization()
            .MapGetWishlist()
            .MapChangeWishlist();

        // Not routed by the gateway: for Cart and Ordering, with a service token.
        app.MapGroup("/internal/products").WithTags("Internal")
            .MapLookupProducts();
        return app;
    }

    /// <summary>Migrates and, when configured and the catalog is empty, seeds the demo data; call before the app serves.</summary>
    public static async Task InitializeCatalogAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CatalogStartup>().RunAsync(app.Lifetime.ApplicationStopping);
    }
}
