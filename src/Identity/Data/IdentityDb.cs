using Bazaar.Identity.Addresses;
using Bazaar.Identity.Auth;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Data;

public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();

    public DbSet<PasswordResetRequest> PasswordResetRequests => Set<PasswordResetRequest>();

    public DbSet<Address> Addresses => Set<Address>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).ValueGeneratedNever();
            user.Property(u => u.Name).HasMaxLength(ProfileRules.MaxNameLength);
            user.Property(u => u.Email).HasMaxLength(ProfileRules.MaxEmailLength);
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.Mobile).HasMaxLength(ProfileRules.MaxMobileLength);
            user.Property(u => u.Roles).HasColumnType("text[]");
        });

        modelBuilder.Entity<Session>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).ValueGeneratedNever();
            session.Property(s => s.UserAgent).HasMaxLength(Session.MaxUserAgentLength);
            session.Property(s => s.IpAddress).HasMaxLength(64);
            session.HasIndex(s => s.UserId);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Hash);
            token.HasIndex(t => t.SessionId);
            token.HasOne<Session>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AccountToken>(token =>
        {
            token.ToTable("account_tokens");
            token.HasKey(t => t.Hash);
            token.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(32);
            token.HasIndex(t => new { t.UserId, t.Purpose });
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PasswordResetRequest>(request =>
        {
            request.ToTable("password_reset_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).ValueGeneratedNever();
            request.HasIndex(r => r.RequestedAt);
        });

        AddressModel.Configure(modelBuilder);

        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Kid);
            key.Property(k => k.Kid).HasMaxLength(64);
        });
    }
}
