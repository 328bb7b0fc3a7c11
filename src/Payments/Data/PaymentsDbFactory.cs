using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Payments.Data;

/// <summary>For `dotnet ef migrations`: the same model and naming as at run time, no server needed.</summary>
internal sealed class PaymentsDbFactory : IDesignTimeDbContextFactory<PaymentsDb>
{
    public PaymentsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PaymentsDb>()
        .UseNpgsql("Host=127.0.0.1;Database=payments;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
