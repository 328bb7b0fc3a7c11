using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

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
    /// database (created here when missing, as MigrateAsync would): EF Core reads the migrations history before creating its table and logs the failed
    /// read at Error level, though nothing is wrong; the table is created first here.
    /// </summary>
    public static async Task MigrateSchemaAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        // MigrateAsync would create a missing database itself; the lock needs a connection first.
        if (!await database.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            await CreateDatabaseAsync(database.GetConnectionString()!, cancellationToken);
        }

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

    /// <summary>
    /// Creates the database from the server's maintenance database, one instance at a time (the
    /// losers of a bare CREATE DATABASE race would log a failed command), unless it exists by then.
    /// </summary>
    private static async Task CreateDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var wait = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey})", connection, transaction))
        {
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection, transaction);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // CREATE DATABASE cannot run in a transaction: another connection, while this one holds the lock.
            await using var create = new NpgsqlConnection(maintenance.ConnectionString);
            await create.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", create);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
