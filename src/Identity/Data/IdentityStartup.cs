using Bazaar.Contracts.Identity;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Data;

/// <summary>
/// What has to be in place before the first request: the schema, the development admin and the
/// signing key. Two instances starting at once take turns on a PostgreSQL advisory lock, so they
/// never create two admins or two different first keys.
/// </summary>
internal sealed partial class IdentityStartup(
    IdentityDb db,
    SigningKeyStore keys,
    IPasswordHasher<User> hasher,
    IOptions<IdentityServiceOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<IdentityStartup> logger)
{
    private const long StartupLockKey = 0x4261_7A61_6172_4944; // "BazaarID"

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await db.Database.MigrateSchemaAsync(cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartupLockKey})", cancellationToken);
            await SeedAdminAsync(cancellationToken);
            await keys.LoadAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private async Task SeedAdminAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value.Admin;
        var email = User.NormalizeEmail(seed.Email);
        if (!seed.Seed || await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return;
        }

        var password = configuration[AdminSeedOptions.PasswordVariable] is { Length: > 0 } configured
            ? configured
            : AdminSeedOptions.DefaultPassword;
        var admin = User.Create(seed.Name, email, null, [Roles.Admin, Roles.Customer], clock.GetUtcNow());
        admin.SetPasswordHash(hasher.HashPassword(admin, password));
        db.Users.Add(admin);
        db.AddEvent(new UserRegistered(admin.Id, admin.Name, admin.Email, admin.Mobile, admin.Roles, admin.CreatedAt));
        await db.SaveChangesAsync(cancellationToken);
        LogAdminSeeded(logger, admin.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the development admin {UserId}")]
    private static partial void LogAdminSeeded(ILogger logger, Guid userId);
}
