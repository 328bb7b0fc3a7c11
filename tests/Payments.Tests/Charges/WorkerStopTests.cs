using Bazaar.Payments.Charges;
using Bazaar.Payments.Ledger;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>A processor that takes 1.5 s to answer, so a stop lands while a charge is with it.</summary>
public sealed class UnhurriedProviderApp(InfrastructureFixture infrastructure) : PaymentsApp(infrastructure)
{
    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        base.AddServiceSettings(settings);
        settings["Payments:Simulator:Latency"] = "00:00:01.500";
        settings["Payments:Simulator:Timeout"] = "00:00:10";
    }
}

/// <summary>What SIGTERM does to the payments worker: the host stops it while it works.</summary>
public sealed class WorkerStopTests(UnhurriedProviderApp app) : IClassFixture<UnhurriedProviderApp>
{
    [Fact]
    public async Task WorkerStopped_WhileAnAutomaticChargeIsWithTheProvider_RecordsItsAnswerBeforeItEnds()
    {
        var userId = Guid.CreateVersion7();
        var orderId = await app.AwaitingPaymentAsync(userId, total: 18.40m, paymentMethodId: "pm_card_visa");
        // The processor has the charge and has not answered yet: the call is under way.
        await Eventually.HoldsAsync(
            async () => app.Processor.Charges.Any(c => c.OrderId == orderId) && (await app.PaymentsOfAsync(orderId)).SingleOrDefault()?.Status == PaymentStatus.Pending,
            PaymentsApp.Timeout,
            "the automatic charge with the provider");

        var worker = app.Services.GetServices<IHostedService>().OfType<ProviderWorker>().Single();
        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.StopAsync(shutdownTimeout.Token);

        // Stopped, and the charge's outcome is known: nothing is left for the next instance to look up.
        var payment = Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Equal((PaymentStatus.Succeeded, 18.40m), (payment.Status, payment.Amount));
    }
}
