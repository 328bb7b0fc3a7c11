using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Ordering.Data;

/// <summary>For `dotnet ef migrations`: the same model and naming as at run time, no server needed.</summary>
internal sealed class OrderingDbFactory : IDesignTimeDbContextFactory<OrderingDb>
{
    public OrderingDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrderingDb>()
        .UseNpgsql("Host=127.0.0.1;Database=ordering;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
