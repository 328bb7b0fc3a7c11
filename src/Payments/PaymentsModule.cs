using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Orders;
using Bazaar.Payments.Providers;
using Bazaar.Payments.Providers.Simulator;
using Bazaar.Payments.Providers.Stripe;
using Bazaar.Payments.Refunds;
using Bazaar.Payments.Webhooks;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace Bazaar.Payments;

public static class PaymentsModule
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>()
            .BindConfiguration(PaymentsOptions.Section)
            .Validate(options => options.IsValid(), "Payments options are out of range (Payments:Provider is simulator or stripe).")
            .ValidateOnStart();

        builder.AddBazaarDbContext<PaymentsDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();
        builder.AddIdempotency<PaymentsDb>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPaymentProvider();
        builder.Services.AddScoped<Charging>();
        builder.Services.AddScoped<Refunding>();
        builder.Services.AddHostedService<ProviderWorker>();

        builder.AddMessaging<PaymentsDb>("payments")
            .Handle<OrderAwaitingPayment, TrackPayableOrder>()
            .Handle<OrderCancelled, CloseCancelledOrder>()
            .Handle<ReturnReceived, RefundReturn>();
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/payments").WithTags("Payments")
            .MapPayOrder()
            .MapGetPayment()
            .MapGetOrderPayments()
            .MapVerifyPayment()
            .MapRefundPayment()
            .MapStripeWebhook();

        // Not routed by the gateway: for Ordering, with a service token.
        app.MapGroup("/internal/orders").WithTags("Internal")
            .MapCloseOrder();
        return app;
    }

    /// <summary>Brings the schema up to date before serving.</summary>
    public static async Task InitializePaymentsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PaymentsDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>The configured provider behind the gateway's timeout and circuit breaker.</summary>
    private static void AddPaymentProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.Section)
            .Validate(options => options.IsValid(), "Payments:Simulator options are out of range.")
            .ValidateOnStart();
        var stripe = builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        if (builder.Configuration[$"{PaymentsOptions.Section}:{nameof(PaymentsOptions.Provider)}"] == ProviderNames.Stripe)
        {
            stripe.Validate(options => !string.IsNullOrWhiteSpace(options.SecretKey), "Payments:Stripe:SecretKey is required with Payments:Provider stripe.")
                .ValidateOnStart();
            builder.Services.AddSingleton<IPaymentProvider, StripePaymentProvider>();
        }
        else
        {
            builder.Services.AddSingleton<SimulatedCardProcessor>();
            builder.Services.AddSingleton<IPaymentProvider>(services => services.GetRequiredService<SimulatedCardProcessor>());
        }

        builder.Services.AddSingleton<ProviderCircuit>();
        builder.Services.AddSingleton<PaymentGateway>();
        builder.Services.AddResiliencePipeline(PaymentGateway.PipelineName, (pipeline, context) => PaymentGateway.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<PaymentsOptions>>().Value.CircuitBreaker,
            context.ServiceProvider.GetRequiredService<IPaymentProvider>().Timeout,
            context.ServiceProvider.GetRequiredService<ProviderCircuit>()));
    }
}
