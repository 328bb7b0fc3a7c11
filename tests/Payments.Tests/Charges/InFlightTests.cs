using System.Net;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>A processor that takes 800 ms to answer: long enough to send a second request while the first runs.</summary>
public sealed class DeliberateProviderApp(InfrastructureFixture infrastructure) : PaymentsApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Payments:Simulator:Latency"] = "00:00:00.800";
}

public sealed class InFlightTests(DeliberateProviderApp app) : IClassFixture<DeliberateProviderApp>
{
    [Fact]
    public async Task Pay_SameKeyWhileTheFirstStillRuns_Is409ThenReplaysTheFirst()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);
        const string key = "pay-while-running";

        var first = PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", key);
        await Eventually.HoldsAsync(
            () => app.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.UserId == userId && r.Key == key, PaymentsApp.Cancellation)),
            PaymentsApp.Timeout,
            "the first request under way");
        var whileRunning = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", key);
        var firstResponse = await first;
        var afterwards = await PaymentsApp.PayAsync(customer, orderId, "pm_card_visa", key);

        Assert.Equal(HttpStatusCode.Conflict, whileRunning.StatusCode);
        Assert.Contains("still running", (await whileRunning.ReadAsync<ProblemBody>()).Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (firstResponse.StatusCode, afterwards.StatusCode));
        Assert.Equal(await firstResponse.Content.ReadAsStringAsync(PaymentsApp.Cancellation), await afterwards.Content.ReadAsStringAsync(PaymentsApp.Cancellation));
        Assert.Single(app.Processor.Charges, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Pay_WithoutKeyWhileAChargeRuns_Is409BecauseAPaymentIsUnderWay()
    {
        using var customer = app.Customer(out var userId);
        var orderId = await app.AwaitingPaymentAsync(userId);

        var first = PaymentsApp.PayAsync(customer, orderId, "pm_card_visa");
        await Eventually.HoldsAsync(async () => (await app.PaymentsOfAsync(orderId)).Count == 1, PaymentsApp.Timeout, "the first charge under way");
        var second = await PaymentsApp.PayAsync(customer, orderId, "pm_card_mastercard");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("under way", (await second.ReadAsync<ProblemBody>()).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
    }
}
