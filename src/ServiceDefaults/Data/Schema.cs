using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Bazaar.ServiceDefaults.Data;

public static class Schema
{
    /// <summary>"BazaarMG": the advisory lock every instance of a service takes to migrate its database.</summary>
    private const long MigrationLockKey = 0x4261_7A61_6172_4D47;

    /// <summary>
    /// Applies the pending migrations, as <c>MigrateAsync</c> does, with two differences. Instances
    /// starting together (replicas rolled out at once) take turns on a PostgreSQL advisory lock, so
    /// one migrates and the others find nothing left to do; unguarded, two ran the same migration
    /// and one failed its start ("function ... already exists"). And no error is logged on a new
    /// database: EF Core reads the migrations history before creating its table and logs the failed
    /// read at Error level, though nothing is wrong; the table is created first here.
    /// </summary>
    public static async Task MigrateSchemaAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        // The lock belongs to the connection: kept open, EF Core migrates over this same one.
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
