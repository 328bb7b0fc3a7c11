using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.TestSupport;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>
/// Payments scaled to two replicas from the start: two consumers on its queue and two provider
/// workers on its charge requests, each with its own client of the one card processor (whose
/// books are in Redis).
/// </summary>
public sealed class TwoInstancesTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task AutomaticCharges_TwoWorkers_ChargeEachOrderOnce()
    {
        await using var second = new AnotherInstance<PaymentsDb>(app, ["Payments"]);
        _ = second.Server;
        var userId = Guid.CreateVersion7();

        // Twenty orders to charge at once, taken by whichever instance's consumer and worker come first.
        var orders = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();
        await Task.WhenAll(orders.Select(orderId => app.PublishAsync(
            new OrderAwaitingPayment(orderId, userId, 12.34m, "USD", "pm_card_visa", DateTimeOffset.UtcNow.AddMinutes(15)))));

        foreach (var orderId in orders)
        {
            await Eventually.HoldsAsync(
                async () => (await app.PaymentsOfAsync(orderId)) is { Count: > 0 } payments && payments.All(p => p.Status != PaymentStatus.Pending),
                TimeSpan.FromSeconds(30),
                $"the charge of order {orderId} settled");
        }

        // Stopped, the second worker has recorded any call it had under way.
        await second.DisposeAsync();
        var charges = app.Processor.Charges;
        var succeededEvents = await app.EventsAsync<PaymentSucceeded>();
        foreach (var orderId in orders)
        {
            var payments = await app.PaymentsOfAsync(orderId);
            Assert.Equal(
                (1, 1, 0, 1), // charged, succeeded, failed, PaymentSucceeded events
                (charges.Count(c => c.OrderId == orderId && c.Succeeded),
                 payments.Count(p => p.Status == PaymentStatus.Succeeded),
                 payments.Count(p => p.Status == PaymentStatus.Failed),
                 succeededEvents.Count(e => e.OrderId == orderId)));
        }
    }
}
