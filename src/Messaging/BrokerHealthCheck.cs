using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Bazaar.Messaging;

public static class BrokerHealthExtensions
{
    /// <summary>
    /// Adds the broker (ConnectionStrings:rabbitmq) to /health/ready. It lives beside the bus,
    /// not in ServiceDefaults, so that it reads the connection string as the bus does
    /// (<see cref="BrokerAddress"/>): ready while any node of a cluster answers.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerHealthCheck(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");
        builder.Services.AddSingleton(new BrokerHealthCheck(BrokerAddress.Parse(connectionString)));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "rabbitmq",
            services => services.GetRequiredService<BrokerHealthCheck>(),
            HealthStatus.Unhealthy,
            ["ready"], // ServiceDefaults' readiness tag: /health/ready runs it
            TimeSpan.FromSeconds(5)));
        return builder;
    }
}

/// <summary>Keeps one connection open and reports whether it is; reconnects when it is not.</summary>
internal sealed class BrokerHealthCheck(BrokerAddress address) : IHealthCheck, IAsyncDisposable
{
    private readonly ConnectionFactory factory = address.CreateFactory();
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is not { IsOpen: true })
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                connection = await factory.CreateConnectionAsync(address.Endpoints, "health", cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            connection = null;
            return HealthCheckResult.Unhealthy("RabbitMQ does not answer", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        gate.Dispose();
    }
}
