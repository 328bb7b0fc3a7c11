using Bazaar.Analytics.Audit;
using Bazaar.Analytics.Events;
using Bazaar.Analytics.Sales;
using Bazaar.Analytics.Users;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Data;

public sealed class AnalyticsDb(DbContextOptions<AnalyticsDb> options) : DbContext(options)
{
    /// <summary>Every recorded event; a table partitioned by month (see the Initial migration).</summary>
    public DbSet<AnalyticsEvent> Events => Set<AnalyticsEvent>();

    public DbSet<PaidOrder> PaidOrders => Set<PaidOrder>();

    public DbSet<SoldLine> SoldLines => Set<SoldLine>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<Signup> Signups => Set<Signup>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        // The migration creates this table and its partitions in SQL; the model here mirrors it.
        modelBuilder.Entity<AnalyticsEvent>(row =>
        {
            row.ToTable(MonthlyPartitions.ParentTable);
            // A partitioned table's keys must include the partition column.
            row.HasKey(e => new { e.Id, e.OccurredAt });
            row.Property(e => e.Id).ValueGeneratedNever();
            row.Property(e => e.Type).HasMaxLength(AnalyticsEvent.MaxTypeLength);
            row.Property(e => e.SessionId).HasMaxLength(AnalyticsEvent.MaxSessionIdLength);
            row.Property(e => e.Source).HasMaxLength(AnalyticsEvent.MaxSourceLength);
            row.Property(e => e.Properties).HasColumnType("jsonb");
            // Rows arrive roughly in time order, which is what a BRIN index is small and fast for.
            row.HasIndex(e => e.OccurredAt).HasMethod("brin");
            row.HasIndex(e => new { e.Type, e.OccurredAt });
            row.HasIndex(e => new { e.UserId, e.OccurredAt }).HasFilter("user_id IS NOT NULL");
        });

        modelBuilder.Entity<PaidOrder>(order =>
        {
            order.ToTable("paid_orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).ValueGeneratedNever();
            order.Property(o => o.Total).HasPrecision(18, 2);
            order.Property(o => o.Currency).HasMaxLength(3);
            // Covering: the sales series reads only the window's index entries (an index-only scan),
            // so its cost follows the window, not the whole history in the table.
            order.HasIndex(o => new { o.Currency, o.PaidAt }).IncludeProperties(o => o.Total);
            order.HasIndex(o => o.PaidAt);
        });

        modelBuilder.Entity<SoldLine>(line =>
        {
            line.ToTable("sold_lines");
            line.HasKey(l => new { l.OrderId, l.LineNumber });
            line.Property(l => l.ProductName).HasMaxLength(300);
            line.Property(l => l.UnitPrice).HasPrecision(18, 2);
            line.Property(l => l.Currency).HasMaxLength(3);
            // Covering, for the same reason: top products read the window's entries only.
            line.HasIndex(l => new { l.Currency, l.PaidAt }).IncludeProperties(l => new { l.ProductId, l.Quantity, l.UnitPrice });
        });

        modelBuilder.Entity<Refund>(refund =>
        {
            refund.ToTable("refunds");
            refund.HasKey(r => new { r.OrderId, r.RefundedAt });
            refund.Property(r => r.Amount).HasPrecision(18, 2);
            refund.Property(r => r.Currency).HasMaxLength(3);
            refund.HasIndex(r => new { r.Currency, r.RefundedAt }).IncludeProperties(r => r.Amount);
        });

        modelBuilder.Entity<Signup>(signup =>
        {
            signup.ToTable("signups");
            signup.HasKey(s => s.UserId);
            signup.Property(s => s.UserId).ValueGeneratedNever();
            signup.HasIndex(s => s.RegisteredAt);
        });

        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.ActorEmail).HasMaxLength(AuditEntry.MaxEmailLength);
            entry.Property(e => e.Entity).HasMaxLength(AuditEntry.MaxEntityLength);
            entry.Property(e => e.EntityId).HasMaxLength(AuditEntry.MaxEntityIdLength);
            entry.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
            entry.Property(e => e.Before).HasColumnType("jsonb");
            entry.Property(e => e.After).HasColumnType("jsonb");
            // One per filter, each ending in the time the list is ordered by (newest first).
            entry.HasIndex(e => new { e.OccurredAt, e.Id }).IsDescending();
            entry.HasIndex(e => new { e.ActorId, e.OccurredAt }).IsDescending(false, true);
            entry.HasIndex(e => new { e.Entity, e.EntityId, e.OccurredAt }).IsDescending(false, false, true);
        });
    }
}
