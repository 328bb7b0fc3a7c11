using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>
/// A service's database connections, as ServiceDefaults' AddBazaarDbContext sets them up: the
/// statements a service runs again and again stay prepared on a pooled connection (PostgreSQL
/// neither parses nor plans them again), unless the connection string says otherwise.
/// </summary>
public sealed class ConnectionTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task RepeatedCommits_StayPreparedOnThePooledConnection()
    {
        var postgres = await infrastructure.CreateDatabaseAsync("connections");

        Assert.NotEmpty(await PreparedAfterRepeatedCommitsAsync(postgres));
    }

    [Fact]
    public async Task ConnectionStringThatTurnsAutoPrepareOff_KeepsItsOwnSetting()
    {
        var postgres = await infrastructure.CreateDatabaseAsync("connections");
        var off = new NpgsqlConnectionStringBuilder(postgres) { MaxAutoPrepare = 0 }.ConnectionString;

        Assert.Empty(await PreparedAfterRepeatedCommitsAsync(off));
    }

    /// <summary>Commits an event a dozen times, one scope (one pooled context) each, then lists what the connection has prepared.</summary>
    private async Task<List<string>> PreparedAfterRepeatedCommitsAsync(string postgres)
    {
        using var host = LedgerHost.Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = postgres,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
        }, consume: false);
        await LedgerHost.EnsureDatabaseAsync(host);
        // One commit at a time, so each scope takes the same idle connection from the pool.
        for (var i = 0; i < 12; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDb>();
            db.AddEvent(new ThingHappened(i));
            await db.SaveChangesAsync();
        }

        await using var last = host.Services.CreateAsyncScope();
        return await last.ServiceProvider.GetRequiredService<LedgerDb>().Database
            .SqlQuery<string>($"SELECT statement AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO outbox_messages%'")
            .ToListAsync();
    }
}
