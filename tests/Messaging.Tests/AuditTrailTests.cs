using System.Security.Claims;
using System.Text.Json;
using Bazaar.Contracts.Audit;
using Bazaar.Messaging.TestHost;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>The audit helper: its record stands or falls with the change's transaction, and names the actor of the token.</summary>
public sealed class AuditTrailTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Audit_RolledBackWithTheChange_CommittedWithIt_NamingTheActor()
    {
        await using var ledger = new Ledger(await infrastructure.CreateDatabaseAsync("audit"), infrastructure.RabbitMqConnectionString);
        var host = await ledger.BuildAsync();
        var adminId = Guid.CreateVersion7();
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            [new("sub", adminId.ToString()), new("email", "boss@example.com"), new("roles", "customer"), new("roles", "admin")],
            "test", "sub", "roles"));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDb>();

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Number = 1 });
            db.Audit(admin, "effect", 1, "created", null, new { Number = 1 });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });

        db.ChangeTracker.Clear();
        db.Effects.Add(new Effect { Number = 2 });
        var recorded = db.Audit(admin, "effect", 2, "created", new { Number = 1 }, new { Number = 2 });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var payloads = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.EventName == nameof(AuditRecorded)).Select(m => m.Payload).ToListAsync(TestContext.Current.CancellationToken);
        var kept = JsonSerializer.Deserialize<AuditRecorded>(Assert.Single(payloads), EventSerializer.Options)!;
        Assert.Equal((recorded.AuditId, "effect", "2", "created"), (kept.AuditId, kept.Entity, kept.EntityId, kept.Action));
        Assert.Equal((adminId, "boss@example.com"), (kept.ActorId, kept.ActorEmail));
        Assert.Equal(["admin", "customer"], kept.ActorRoles);
        Assert.Equal((1, 2), (kept.Before!.Value.GetProperty("number").GetInt32(), kept.After!.Value.GetProperty("number").GetInt32()));
        Assert.Equal([2], await db.Effects.AsNoTracking().Select(e => e.Number).ToListAsync(TestContext.Current.CancellationToken));
    }
}
