using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Messaging;
using Bazaar.Notifications.Contacts;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Delivery;
using Bazaar.Notifications.Notices;
using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Preferences;
using Bazaar.Notifications.Webhooks;
using Bazaar.ServiceDefaults.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Notifications;

public static class NotificationsModule
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationsOptions>()
            .BindConfiguration(NotificationsOptions.Section)
            .Validate(options => options.IsValid(), "Notifications options are not valid (admin addresses, public URL, dispatch timings).")
            .ValidateOnStart();
        builder.Services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .Validate(options => options.IsValid(), "Sms options are not valid (Provider log, or twilio with AccountSid, AuthToken and From).")
            .ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .Validate(options => options.IsValid(), "Smtp options are not valid (host, port, from address, timeout).")
            .ValidateOnStart();

        // Before the DbContext: interceptors in DI join every context it builds.
        builder.Services.AddCommitSignal<Notification>(notification => notification.Status == NotificationStatus.Pending);
        builder.Services.AddCommitSignal<WebhookDelivery>(delivery => delivery.Status == WebhookDeliveryStatus.Pending);
        builder.AddBazaarDbContext<NotificationsDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        AddSmsSender(builder);
        builder.Services.AddSingleton<IPushSender, LogOnlyPushSender>();
        builder.Services.AddSingleton<SendPolicy>();
        builder.Services.AddHostedService<NotificationDispatcher>();

        var messaging = builder.AddMessaging<NotificationsDb>("notifications")
            .Handle<UserRegistered, RecordRegisteredContact>()
            .Handle<UserRegistered, SendWelcome>()
            .Handle<PasswordResetRequested, SendPasswordReset>()
            .Handle<EmailVerificationRequested, SendEmailVerification>()
            .Handle<UserProfileUpdated, RecordUpdatedContact>()
            .Handle<UserRolesChanged, RecordContactRoles>()
            .Handle<GuestCheckedOut, RecordGuestContact>()
            .Handle<GuestCheckedOut, SendGuestOrderLink>()
            .Handle<OrderPaid, SendOrderConfirmation>()
            .Handle<PaymentFailed, SendPaymentFailed>()
            .Handle<OrderShipped, SendOrderShipped>()
            .Handle<OrderDelivered, SendOrderDelivered>()
            .Handle<OrderCancelled, SendOrderCancelled>()
            .Handle<OrderRefunded, SendOrderRefunded>()
            .Handle<LowStockDetected, SendLowStockAlert>()
            .Handle<BackInStock, SendBackInStock>();
        builder.AddWebhooks(messaging);
        return builder;
    }

    /// <summary>No text leaves the shop unless a provider is configured (Sms:Provider = twilio).</summary>
    private static void AddSmsSender(IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() is { UsesTwilio: true })
        {
            builder.Services.AddSingleton<ISmsSender, TwilioSmsSender>();
        }
        else
        {
            builder.Services.AddSingleton<ISmsSender, LogOnlySmsSender>();
        }
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization()
            .MapListNotifications()
            .MapPreferences()
            .MapSendDirect();
        app.MapWebhooks();
        return app;
    }

    /// <summary>Brings the schema up to date; call before the app starts serving, consuming or dispatching.</summary>
    public static async Task InitializeNotificationsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationsDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }
}
