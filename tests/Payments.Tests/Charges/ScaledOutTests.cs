using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers.Simulator;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>A processor that takes 2 s a call, and a worker that calls it one charge at a time.</summary>
public sealed class OneCallAtATimeApp(InfrastructureFixture infrastructure) : PaymentsApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Payments:Simulator:Latency"] = "00:00:02";
        settings["Payments:Simulator:Timeout"] = "00:00:03";
        settings["Payments:WorkerConcurrency"] = "1";
        settings["Payments:WorkerBatchSize"] = "5";
    }
}

/// <summary>
/// Payments scaled out: a second instance on the same database, queue and card processor, whose
/// worker looks up pending charges at the processor once their lease has run out.
/// </summary>
public sealed class ScaledOutTests(OneCallAtATimeApp app) : IClassFixture<OneCallAtATimeApp>
{
    [Fact]
    public async Task AutomaticCharges_WithASecondInstanceLookingUpPendingOnes_EachOrderChargedOnceAndRecordedAsCharged()
    {
        using var customer = app.Customer(out var userId);
        // Five orders queued at once: the first instance's worker takes them in one round.
        var orders = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.AwaitingPaymentAsync(userId, paymentMethodId: "pm_card_visa")));

        // Once the first instance has started every charge (the last of them may still wait for
        // its turn at the processor), the second one starts, and its worker looks up pending
        // charges whose lease has run out.
        foreach (var orderId in orders)
        {
            await Eventually.HoldsAsync(async () => (await app.PaymentsOfAsync(orderId)).Count > 0, TimeSpan.FromSeconds(60), $"the charge of order {orderId} started");
        }

        await using var second = new SecondInstance(app);
        _ = second.Server;

        foreach (var orderId in orders)
        {
            await Eventually.HoldsAsync(
                async () => (await app.PaymentsOfAsync(orderId)) is { Count: > 0 } payments && payments.All(p => p.Status != PaymentStatus.Pending),
                TimeSpan.FromSeconds(90),
                $"the charge of order {orderId} settled");
        }

        foreach (var orderId in orders)
        {
            var payments = await app.PaymentsOfAsync(orderId);
            // A payment recorded as failed while the processor took the money would leave the order
            // payable, and the shopper could be charged a second time.
            var charged = app.Processor.Charges.Count(c => c.OrderId == orderId && c.Succeeded);
            var succeeded = payments.Count(p => p.Status == PaymentStatus.Succeeded);
            var failed = payments.Count(p => p.Status == PaymentStatus.Failed);
            Assert.Equal((1, 1, 0), (charged, succeeded, failed));
        }
    }

    /// <summary>Another instance of the service with the first one's settings, but five calls at a time, and its card processor (one real processor serves every instance).</summary>
    private sealed class SecondInstance(PaymentsApp first) : WebApplicationFactory<PaymentsDb>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var configuration = first.Services.GetRequiredService<IConfiguration>();
            foreach (var section in new[] { "ConnectionStrings", "Messaging", "Payments" })
            {
                foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(s => s.Value is not null))
                {
                    builder.UseSetting(key, value);
                }
            }

            // Its worker looks up every due charge at once.
            builder.UseSetting("Payments:WorkerConcurrency", "5");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureTestServices(services => services.AddSingleton<SimulatedCardProcessor>(first.Processor));
        }
    }
}
