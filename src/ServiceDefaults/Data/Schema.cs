using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Bazaar.ServiceDefaults.Data;

public static class Schema
{
    /// <summary>
    /// Applies the pending migrations, as <c>MigrateAsync</c> does, without the error it logs on a
    /// new database: EF Core reads the migrations history before creating its table and logs the
    /// failed read at Error level ("Failed executing DbCommand ... __EFMigrationsHistory"), once per
    /// service at a first start, though nothing is wrong. The table is created first here.
    /// </summary>
    public static async Task MigrateSchemaAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        try
        {
            await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another instance created it at the same moment (CREATE TABLE IF NOT EXISTS races so).
        }

        await database.MigrateAsync(cancellationToken);
    }
}
