using Bazaar.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The service's side of the bus: its outbox (in <typeparamref name="TDb"/>) relayed to RabbitMQ
    /// (ConnectionStrings:rabbitmq), and a consumer for the handlers registered on the result.
    /// The DbContext must map <see cref="MessagingModel.AddMessagingTables"/> and be registered
    /// with the interceptors from DI (ServiceDefaults' AddBazaarDbContext does that).
    /// </summary>
    public static MessagingBuilder AddMessaging<TDb>(this IHostApplicationBuilder builder, string serviceName)
        where TDb : DbContext
    {
        builder.Services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.Section)
            .Configure(options =>
            {
                options.ServiceName = string.IsNullOrEmpty(options.ServiceName) ? serviceName : options.ServiceName;
                options.ConnectionString = builder.Configuration.GetConnectionString("rabbitmq")
                    ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");
            })
            .Validate(o => o.MaxDeliveries >= 1 && o.RelayBatchSize >= 1 && o.ConsumerConcurrency >= 1 && o.ConsumerBatchSize >= 1 && o.Prefetch >= 1, "Messaging options out of range");
        builder.Services.TryAddSingleton<BrokerConnection>();
        builder.Services.TryAddSingleton<QueueReadiness>();
        // Tagged as ServiceDefaults' readiness checks are: /health/ready answers 503 until the queue exists.
        builder.Services.AddHealthChecks().AddCheck<QueueHealthCheck>("queue", tags: ["ready"]);
        builder.Services.AddCommitSignal<OutboxMessage>();
        builder.Services.AddHostedService<OutboxRelay<TDb>>();
        builder.Services.AddHostedService<EventConsumer<TDb>>();
        return new MessagingBuilder(builder.Services);
    }
}

/// <summary>Registers what the service does when an event arrives.</summary>
public sealed class MessagingBuilder(IServiceCollection services)
{
    /// <summary>Handles <typeparamref name="TEvent"/> with <typeparamref name="THandler"/>, in a DI scope, exactly once per message.</summary>
    public MessagingBuilder Handle<TEvent, THandler>()
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(HandlerRegistration.For<TEvent, THandler>());
        return this;
    }
}
