using Bazaar.Payments.Providers;
using Bazaar.Payments.Providers.Simulator;
using Bazaar.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bazaar.Payments.Tests.Providers;

/// <summary>
/// The simulated processor stands for a remote one: two instances of Payments (or one restarted)
/// share its books, as they would share Stripe's.
/// </summary>
public sealed class SimulatedProcessorTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARestartedOrAnotherInstance_FindsTheChargeByItsKey_AndNeverChargesItTwice()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var ledger = $"sim-{Guid.NewGuid():N}";
        var before = Processor(redis, ledger);
        var order = new ChargeOrder(Guid.CreateVersion7(), Guid.CreateVersion7(), 40m, "USD", "pm_card_visa");
        var charged = await before.ChargeAsync(order, Cancel);

        var after = Processor(redis, ledger);
        var found = await after.RetrieveAsync(new ChargeLookup(order.PaymentId, order.OrderId, null, DateTimeOffset.UtcNow), Cancel);
        var again = await after.ChargeAsync(order with { Amount = 99m }, Cancel);

        Assert.Equal((ChargeState.Succeeded, charged.Reference), (found.State, found.Reference));
        Assert.Equal((ChargeState.Succeeded, charged.Reference), (again.State, again.Reference));
        var charge = Assert.Single(after.Charges);
        Assert.Equal((order.PaymentId, 40m), (charge.PaymentId, charge.Amount));
        var unknown = await after.RetrieveAsync(new ChargeLookup(Guid.CreateVersion7(), order.OrderId, null, DateTimeOffset.UtcNow), Cancel);
        Assert.Equal(ChargeState.NotFound, unknown.State);
    }

    [Fact]
    public async Task RefundsRacingOnTwoInstances_NeverRefundMoreThanWasCharged_AndAKeyAnswersItsFirstOutcome()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var ledger = $"sim-{Guid.NewGuid():N}";
        var instances = new[] { Processor(redis, ledger), Processor(redis, ledger) };
        var order = new ChargeOrder(Guid.CreateVersion7(), Guid.CreateVersion7(), 50m, "USD", "pm_card_visa");
        var charged = await instances[0].ChargeAsync(order, Cancel);

        // Ten refunds of 30.00 at once, half on each instance: 50.00 allows exactly one.
        var refunds = Enumerable.Range(0, 10).Select(_ => new RefundOrder(Guid.CreateVersion7(), order.PaymentId, charged.Reference!, 30m, "USD", "requested_by_customer")).ToList();
        var results = await Task.WhenAll(refunds.Select((refund, i) => instances[i % 2].RefundAsync(refund, Cancel)));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("amount_too_large", r.FailureCode));
        Assert.Equal(30m, Assert.Single(instances[1].Charges).Refunded);
        var winner = refunds[Array.FindIndex(results, r => r.Succeeded)];
        var repeated = await instances[1].RefundAsync(winner, Cancel);
        Assert.True(repeated.Succeeded);
        Assert.Equal(30m, Assert.Single(instances[0].Charges).Refunded);
    }

    private static SimulatedCardProcessor Processor(IConnectionMultiplexer redis, string ledger)
    {
        var services = new ServiceCollection();
        services.AddOptions<SimulatorOptions>().Configure(o => (o.Ledger, o.Latency) = (ledger, TimeSpan.Zero));
        services.AddSingleton(redis);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatedCardProcessor>();
        return services.BuildServiceProvider().GetRequiredService<SimulatedCardProcessor>();
    }
}
