using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Notifications.Data;

/// <summary>Lets `dotnet ef` build the model without starting the service (and its broker connections).</summary>
internal sealed class NotificationsDbFactory : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsDb>()
        .UseNpgsql("Host=127.0.0.1;Port=5432;Database=notifications;Username=postgres")
        .UseSnakeCaseNamingConvention()
        .Options);
}
