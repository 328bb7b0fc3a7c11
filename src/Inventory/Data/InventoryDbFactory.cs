using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Inventory.Data;

/// <summary>For `dotnet ef migrations`: the same model and naming as at run time, no server needed.</summary>
internal sealed class InventoryDbFactory : IDesignTimeDbContextFactory<InventoryDb>
{
    public InventoryDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<InventoryDb>()
        .UseNpgsql("Host=127.0.0.1;Database=inventory;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
