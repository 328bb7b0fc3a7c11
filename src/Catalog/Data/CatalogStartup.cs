using Bazaar.Catalog.Seed;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Catalog.Data;

/// <summary>
/// The schema, then (in development) the demo catalog. Instances starting together take turns on
/// an advisory lock, so the demo catalog is never seeded twice.
/// </summary>
internal sealed partial class CatalogStartup(
    CatalogDb db,
    IOptions<CatalogOptions> options,
    TimeProvider clock,
    ILogger<CatalogStartup> logger)
{
    private const long StartupLockKey = 0x4261_7A61_6172_4341; // "BazaarCA"

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await db.Database.MigrateSchemaAsync(cancellationToken);
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartupLockKey})", cancellationToken);
            if (await db.Categories.AnyAsync(cancellationToken) || await db.Products.AnyAsync(cancellationToken))
            {
                return;
            }

            var products = await DemoSeeder.SeedAsync(db, clock.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogSeeded(logger, products);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo catalog: {Products} products")]
    private static partial void LogSeeded(ILogger logger, int products);
}
