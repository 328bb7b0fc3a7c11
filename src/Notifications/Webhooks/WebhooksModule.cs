using Bazaar.Messaging;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Webhooks;

internal static class WebhooksModule
{
    /// <summary>Subscriptions, their secrets, the sender and the dispatcher; the events' handlers join <paramref name="messaging"/>.</summary>
    public static void AddWebhooks(this IHostApplicationBuilder builder, MessagingBuilder messaging)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(options => options.IsValid(), "Webhook options are not valid (timeouts, concurrency, retry delays).")
            .ValidateOnStart();
        WebhookSecrets.AddTo(builder.Services);
        var http = builder.Services.AddHttpClient(WebhookTargets.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => WebhookTargets.Handler(services.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets));
        // The dispatcher retries on its own schedule; the defaults' retries and timeouts would hide attempts.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the library's way to replace the defaults' pipeline
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        messaging.HandleWebhookEvents();
    }
}
