using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Ordering.AddressBook;
using Bazaar.Ordering.Carts;
using Bazaar.Ordering.Catalog;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.Ordering.Payments;
using Bazaar.Ordering.Pricing;
using Bazaar.Ordering.Returns;
using Bazaar.Ordering.Saga;
using Bazaar.Ordering.Shipping;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Ordering;

public static class OrderingModule
{
    public static IHostApplicationBuilder AddOrdering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderingOptions>()
            .BindConfiguration(OrderingOptions.Section)
            .Validate(options => options.IsValid(), "Ordering options are out of range.")
            .ValidateOnStart();

        builder.AddBazaarDbContext<OrderingDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();
        builder.AddIdempotency<OrderingDb>();
        // A shopper waits on both: on the price lookup at placement (Cart's checkout gives Ordering
        // 25 s), and on Payments closing an unpaid order before a person's cancel (safe to repeat).
        // Short tries: a service that stays down answers 503 within 10 s.
        builder.AddInternalClient<CatalogClient>("catalog").WithShortTries();
        builder.AddInternalClient<PaymentsClient>("payments").WithShortTries();
        builder.Services.AddScoped<PaymentClosing>();
        builder.Services.AddScoped<GuestPlacement>();
        // Read at checkout only: a saved address (shippingAddressId) and, for a quote, the cart.
        builder.AddInternalClient<IdentityClient>("identity").WithShortTries();
        builder.AddInternalClient<CartClient>("cart").WithShortTries();
        builder.Services.AddScoped<CheckoutPricer>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ICarrier, SimulatedCarrier>();

        builder.AddMessaging<OrderingDb>("ordering")
            .Handle<StockReserved, StockReservedHandler>()
            .Handle<StockReservationFailed, StockReservationFailedHandler>()
            .Handle<ReservationExpired, ReservationExpiredHandler>()
            .Handle<PaidOrderOutOfStock, PaidOrderOutOfStockHandler>()
            .Handle<PaymentSucceeded, PaymentSucceededHandler>()
            .Handle<PaymentFailed, PaymentFailedHandler>()
            .Handle<PaymentRefunded, PaymentRefundedHandler>()
            .Handle<UserEmailVerified, ClaimGuestOrders>();
        return builder;
    }

    public static WebApplication MapOrdering(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization()
            .MapPlaceOrder()
            .MapGetOrder()
            .MapListOrders()
            .MapChangeOrderStatus()
            .MapCancelOrder()
            .MapRequestReturn();
        app.MapGroup("/api/returns").WithTags("Returns").RequireAuthorization()
            .MapListReturns()
            .MapChangeReturnStatus();
        app.MapGroup("/api/shipping/methods").WithTags("Shipping").MapShippingMethods();
        app.MapGroup("/api/tax").WithTags("Tax").MapTaxRates();
        app.MapGroup("/api/promotions").WithTags("Promotions").RequireAuthorization(Policies.Admin).MapPromotions();
        app.MapGroup("/api/checkout").WithTags("Checkout").RequireAuthorization().MapQuote();

        // Not routed by the gateway: Cart places guests' orders here with its service token.
        app.MapGroup("/internal/orders").WithTags("Internal")
            .MapPlaceGuestOrder();
        return app;
    }

    /// <summary>
    /// The defaults' three retries 2 s apart with 10 s attempts, replaced by two retries 200 ms apart
    /// with 3 s attempts and 10 s in all (the Idempotency-Key of a refused placement is released for the retry).
    /// </summary>
    private static IHttpClientBuilder WithShortTries(this IHttpClientBuilder client)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the library's way to replace the defaults' pipeline
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(3);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });
        return client;
    }

    /// <summary>Brings the schema up to date before serving.</summary>
    public static async Task InitializeOrderingAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrderingDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }
}
