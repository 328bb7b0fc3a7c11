using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Reviews.Data;

/// <summary>Lets `dotnet ef` build the model without starting the service (and its broker connections).</summary>
internal sealed class ReviewsDbFactory : IDesignTimeDbContextFactory<ReviewsDb>
{
    public ReviewsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ReviewsDb>()
        .UseNpgsql("Host=127.0.0.1;Port=5432;Database=reviews;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
