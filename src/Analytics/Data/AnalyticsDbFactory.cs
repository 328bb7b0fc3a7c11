using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Analytics.Data;

/// <summary>Lets `dotnet ef` build the model without starting the service (and its broker connections).</summary>
internal sealed class AnalyticsDbFactory : IDesignTimeDbContextFactory<AnalyticsDb>
{
    public AnalyticsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AnalyticsDb>()
        .UseNpgsql("Host=127.0.0.1;Port=5432;Database=analytics;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
