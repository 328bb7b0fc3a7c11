using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>Two replicas of Identity rolled out at once on an empty database.</summary>
public sealed class TwoInstancesTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoInstances_StartingTogetherOnAnEmptyDatabase_ShareOneKeyAndOneAdmin_AndTrustEachOthersTokens()
    {
        var database = await infrastructure.CreateDatabaseAsync("identity_two");
        await using var one = IdentityApp.OnDatabase(infrastructure, database);
        await using var two = new Replica(infrastructure, database, one);
        await using var probe = await EventProbe.StartAsync(infrastructure.RabbitMqConnectionString, one.Exchange, typeof(UserRegistered));

        // Each start migrates, seeds the admin and loads (or makes) the signing key.
        await Task.WhenAll(Task.Run(() => one.InitializeAsync().AsTask(), Token), Task.Run(() => two.InitializeAsync().AsTask(), Token));

        var kids = await Task.WhenAll(KidsAsync(one), KidsAsync(two));
        var key = Assert.Single(kids[0]);
        Assert.Equal([key], kids[1]);
        Assert.Equal(1, await one.WithDbAsync(db => db.SigningKeys.CountAsync(Token)));
        Assert.Equal(1, await one.WithDbAsync(db => db.Users.CountAsync(Token)));

        // A token issued by either instance is accepted by the other.
        foreach (var (issuer, validator) in new (IdentityApp, IdentityApp)[] { (one, two), (two, one) })
        {
            var tokens = await issuer.LoginAsync(IdentityApp.AdminEmail, IdentityApp.AdminPassword);
            using var client = validator.ClientWith(tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me", Token)).StatusCode);
        }

        // The admin's UserRegistered was committed once, and published once.
        await Eventually.UntilAsync(
            () => one.WithDbAsync(db => db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null, Token)), TimeSpan.FromSeconds(15), "the outbox sent");
        await probe.WaitForAsync<UserRegistered>(_ => true);
        Assert.Single(await one.EventsAsync<UserRegistered>());
        Assert.Single(probe.All<UserRegistered>());
    }

    private static async Task<List<string?>> KidsAsync(IdentityApp app)
    {
        using var client = app.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", Token);
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())];
    }

    /// <summary>The second replica: the first one's database, exchange and queue.</summary>
    private sealed class Replica : IdentityApp
    {
        private readonly IdentityApp first;

        public Replica(InfrastructureFixture infrastructure, string database, IdentityApp first)
            : base(infrastructure)
        {
            this.first = first;
            DatabaseConnectionString = database;
        }

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Messaging:Exchange"] = first.Exchange;
            settings["Messaging:ServiceName"] = first.Queue;
        }
    }
}
