using System.Collections.Concurrent;
using Bazaar.Contracts;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Messaging.TestHost;

/// <summary>A service database whose only state is a ledger of effects: one row per handled event.</summary>
public sealed class LedgerDb(DbContextOptions<LedgerDb> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<Effect>().HasKey(e => e.Id);
    }
}

/// <summary>No unique key on the message id on purpose: a second effect would show as a second row.</summary>
public sealed class Effect
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public int Number { get; set; }

    public string Handler { get; set; } = "";
}

public sealed record ThingHappened(int Number) : IIntegrationEvent;

public sealed record PoisonArrived(int Number) : IIntegrationEvent;

/// <summary>Writes the effect; with Ledger:HandlerDelayMs it also takes its time, as real work does.</summary>
public sealed class RecordThing(LedgerDb db, Microsoft.Extensions.Configuration.IConfiguration configuration) : IEventHandler<ThingHappened>
{
    public async Task HandleAsync(ThingHappened @event, EventContext context, CancellationToken cancellationToken)
    {
        db.Effects.Add(new Effect { MessageId = context.MessageId, Number = @event.Number, Handler = nameof(RecordThing) });
        if (int.TryParse(configuration["Ledger:HandlerDelayMs"], out var delay) && delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }
    }
}

/// <summary>Fails every time, remembering on which deliveries it was tried.</summary>
public sealed class AlwaysThrow : IEventHandler<PoisonArrived>
{
    private static readonly ConcurrentDictionary<(int, int), bool> Tried = [];

    /// <summary>The deliveries of poison <paramref name="number"/> the handler saw (a failing batch may run it twice on one delivery).</summary>
    public static int[] DeliveriesOf(int number) =>
        [.. Tried.Keys.Where(k => k.Item1 == number).Select(k => k.Item2).Order()];

    public Task HandleAsync(PoisonArrived @event, EventContext context, CancellationToken cancellationToken)
    {
        Tried[(@event.Number, context.DeliveryCount)] = true;
        throw new InvalidOperationException($"poison {@event.Number}");
    }
}
