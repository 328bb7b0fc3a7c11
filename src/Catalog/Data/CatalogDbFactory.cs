using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Catalog.Data;

/// <summary>For `dotnet ef`: builds the model without starting the service or reaching a database.</summary>
internal sealed class CatalogDbFactory : IDesignTimeDbContextFactory<CatalogDb>
{
    public CatalogDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CatalogDb>()
        .UseNpgsql("Host=127.0.0.1;Database=catalog;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
