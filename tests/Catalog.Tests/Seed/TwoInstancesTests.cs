using Bazaar.Catalog.Seed;
using Bazaar.Contracts.Catalog;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Tests.Seed;

/// <summary>Two replicas of Catalog, demo seed on, rolled out at once on an empty database.</summary>
public sealed class TwoInstancesTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoSeed_TwoInstancesStartingTogether_OneCatalogAndEachProductCreatedPublishedOnce()
    {
        var database = await infrastructure.CreateDatabaseAsync("catalog_two");
        await using var one = new Seeding(infrastructure, database, first: null);
        await using var two = new Seeding(infrastructure, database, first: one);
        await using var probe = await EventProbe.StartAsync(infrastructure.RabbitMqConnectionString, one.Exchange, typeof(ProductCreated));

        await Task.WhenAll(Task.Run(() => one.InitializeAsync().AsTask(), Token), Task.Run(() => two.InitializeAsync().AsTask(), Token));

        var demoProducts = DemoData.Shelves.Sum(s => s.Kinds.Length * s.Brands.Length);
        Assert.Equal(demoProducts, await one.WithDbAsync(db => db.Products.CountAsync(Token)));
        Assert.Equal(demoProducts, await one.WithDbAsync(db => db.Products.Select(p => p.Sku).Distinct().CountAsync(Token)));
        Assert.Equal(demoProducts, (await one.EventsAsync<ProductCreated>()).Count);

        // Both relays send from the one outbox: each row once.
        await Eventually.HoldsAsync(
            () => one.WithDbAsync(db => db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null, Token)), TimeSpan.FromSeconds(30), "the outbox sent");
        await Eventually.HoldsAsync(() => Task.FromResult(probe.Envelopes.Count >= demoProducts), TimeSpan.FromSeconds(15), "every ProductCreated received");
        Assert.Equal(demoProducts, probe.Envelopes.Count);
        Assert.Equal(demoProducts, probe.Envelopes.Select(e => e.MessageId).Distinct().Count());
    }

    /// <summary>A replica with the demo seed on, on <paramref name="database"/>; a second one takes the first one's exchange and queue.</summary>
    private sealed class Seeding : CatalogApp
    {
        private readonly CatalogApp? first;

        public Seeding(InfrastructureFixture infrastructure, string database, CatalogApp? first)
            : base(infrastructure)
        {
            this.first = first;
            DatabaseConnectionString = database;
        }

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Catalog:SeedDemoData"] = "true";
            if (first is not null)
            {
                settings["Messaging:Exchange"] = first.Exchange;
                settings["Messaging:ServiceName"] = first.Queue;
            }
        }
    }
}
