using Bazaar.Payments.Charges;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Payments.Tests.Charges;

/// <summary>The database, not the code before it, decides which of two simultaneous charges of one order goes ahead.</summary>
public sealed class ChargeStartTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task TryStart_TwoTransactionsPastTheCheckAtOnce_TheUniqueIndexLetsOneThrough()
    {
        var orderId = await app.AwaitingPaymentAsync(Guid.CreateVersion7());
        await using var firstDb = Connect();
        await using var secondDb = Connect();
        await using var firstTransaction = await firstDb.Database.BeginTransactionAsync(PaymentsApp.Cancellation);
        await using var secondTransaction = await secondDb.Database.BeginTransactionAsync(PaymentsApp.Cancellation);

        // The second looks before the first commits: it sees no payment, so only the index can stop it.
        var started = await ChargingOn(firstDb).TryStartAsync(orderId, null, "pm_card_visa", PaymentsApp.Cancellation);
        var racing = ChargingOn(secondDb).TryStartAsync(orderId, null, "pm_card_visa", PaymentsApp.Cancellation);
        await Eventually.HoldsAsync(
            async () => await app.WithDbAsync(db => db.Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .SingleAsync(PaymentsApp.Cancellation)) == 1,
            PaymentsApp.Timeout,
            "the second insert waiting on the first's uncommitted index entry");
        await firstTransaction.CommitAsync(PaymentsApp.Cancellation);
        var refused = await racing;

        Assert.Equal((StartStatus.Started, StartStatus.InProgress), (started.Status, refused.Status));
        // The loser's transaction goes on (EF rolled back to its savepoint) and still commits.
        Assert.False(await secondDb.ChargeRequests.AnyAsync(r => r.OrderId == orderId, PaymentsApp.Cancellation));
        await secondTransaction.CommitAsync(PaymentsApp.Cancellation);
        var payment = Assert.Single(await app.PaymentsOfAsync(orderId));
        Assert.Equal((started.Payment!.Id, PaymentStatus.Pending), (payment.Id, payment.Status));
    }

    /// <summary>A context without the retrying strategy, so the test may hold two transactions open side by side.</summary>
    private PaymentsDb Connect() => new(new DbContextOptionsBuilder<PaymentsDb>()
        .UseNpgsql(app.Services.GetRequiredService<IConfiguration>().GetConnectionString("postgres"))
        .UseSnakeCaseNamingConvention()
        .Options);

    private Charging ChargingOn(PaymentsDb db) => ActivatorUtilities.CreateInstance<Charging>(app.Services, db);
}
