using System.Collections.Concurrent;
using Bazaar.Catalog.Data;
using Bazaar.Catalog.Seed;
using Bazaar.ServiceDefaults.Data;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bazaar.Catalog.Tests.Data;

/// <summary>A service's first start on a new database, as an operator reads its log.</summary>
public sealed class SchemaTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task MigratingANewDatabase_LogsNoError_AndAppliesEveryMigration()
    {
        var errors = new ConcurrentQueue<string>();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new ErrorCollector(errors)));
        var options = new DbContextOptionsBuilder<CatalogDb>()
            .UseNpgsql(await infrastructure.CreateDatabaseAsync("schema"))
            .UseSnakeCaseNamingConvention()
            .UseLoggerFactory(logging)
            .Options;
        await using var db = new CatalogDb(options);

        await db.Database.MigrateSchemaAsync(TestContext.Current.CancellationToken);

        Assert.Empty(errors);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FourInstancesStartingTogether_WithoutTheirDatabase_CreateItMigrateOnceAndSeedTheDemoCatalogOnce()
    {
        var errors = new ConcurrentQueue<string>();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new ErrorCollector(errors)));
        // A database name nobody created yet, on the run's server: as a fresh cluster gives it.
        var missing = new NpgsqlConnectionStringBuilder(await infrastructure.CreateDatabaseAsync("together")) { Database = $"fresh_{Guid.NewGuid():N}" };
        var options = new DbContextOptionsBuilder<CatalogDb>()
            .UseNpgsql(missing.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .UseLoggerFactory(logging)
            .Options;
        var seeding = Options.Create(new CatalogOptions { SeedDemoData = true });
        using var start = new Barrier(4);

        // As four replicas of a Deployment rolled out at once: each its own process, connection and start-up.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var db = new CatalogDb(options);
            start.SignalAndWait(TestContext.Current.CancellationToken);
            await new CatalogStartup(db, seeding, TimeProvider.System, logging.CreateLogger<CatalogStartup>()).RunAsync(TestContext.Current.CancellationToken);
        })));

        await using var check = new CatalogDb(options);
        var demoProducts = DemoData.Shelves.Sum(s => s.Kinds.Length * s.Brands.Length);
        Assert.Empty(errors);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(demoProducts, await check.Products.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(demoProducts, await check.Products.Select(p => p.Sku).Distinct().CountAsync(TestContext.Current.CancellationToken));
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
