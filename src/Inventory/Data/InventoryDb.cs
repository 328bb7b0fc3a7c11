using Bazaar.Inventory.Alerts;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Data;

public sealed class InventoryDb(DbContextOptions<InventoryDb> options) : DbContext(options)
{
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<StockItem> StockItems => Set<StockItem>();

    public DbSet<StockMovement> Movements => Set<StockMovement>();

    public DbSet<LowStockFlag> LowStockFlags => Set<LowStockFlag>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservationLine> ReservationLines => Set<ReservationLine>();

    public DbSet<StockAlert> StockAlerts => Set<StockAlert>();

    public DbSet<ReturnRestock> ReturnRestocks => Set<ReturnRestock>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Warehouse>(warehouse =>
        {
            warehouse.ToTable("warehouses");
            warehouse.HasKey(w => w.Id);
            warehouse.Property(w => w.Id).ValueGeneratedNever();
            warehouse.Property(w => w.Name).HasMaxLength(Warehouse.MaxNameLength);
            warehouse.HasIndex(w => w.IsDefault).IsUnique().HasFilter("is_default");
            warehouse.HasData(new
            {
                Id = Warehouse.DefaultId,
                Name = Warehouse.DefaultName,
                IsDefault = true,
                CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            });
        });

        modelBuilder.Entity<StockItem>(item =>
        {
            item.ToTable("stock_items", table =>
            {
                // The last word on the invariant, whatever code runs: available never below zero.
                table.HasCheckConstraint("ck_stock_items_available", "on_hand - reserved >= 0");
                table.HasCheckConstraint("ck_stock_items_reserved", "reserved >= 0");
                table.HasCheckConstraint("ck_stock_items_threshold", "low_stock_threshold >= 0");
            });
            item.HasKey(i => new { i.ProductId, i.WarehouseId });
            item.HasOne<Warehouse>().WithMany().HasForeignKey(i => i.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockMovement>(movement =>
        {
            movement.ToTable("stock_movements");
            movement.HasKey(m => m.Id);
            movement.Property(m => m.Type).HasConversion(Lower<MovementType>()).HasMaxLength(16);
            movement.Property(m => m.Reason).HasMaxLength(StockMovement.MaxReasonLength);
            movement.HasIndex(m => m.At);
            movement.HasIndex(m => new { m.ProductId, m.At });
            movement.HasIndex(m => m.OrderId).HasFilter("order_id IS NOT NULL");
        });

        modelBuilder.Entity<LowStockFlag>(flag =>
        {
            flag.ToTable("low_stock_flags");
            flag.HasKey(f => f.ProductId);
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(r => r.OrderId);
            reservation.Property(r => r.OrderId).ValueGeneratedNever();
            reservation.Property(r => r.Status).HasConversion(Lower<ReservationStatus>()).HasMaxLength(16);
            reservation.Ignore(r => r.Items);
            reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            reservation.Navigation(r => r.Lines).HasField("lines").UsePropertyAccessMode(PropertyAccessMode.Field);
            // The expiry sweep's query: reserved rows by due time.
            reservation.HasIndex(r => r.ExpiresAt).HasFilter("status = 'reserved'");
        });

        modelBuilder.Entity<ReturnRestock>(restock =>
        {
            restock.ToTable("return_restocks");
            restock.HasKey(r => r.ReturnId);
            restock.Property(r => r.ReturnId).ValueGeneratedNever();
        });

        modelBuilder.Entity<ReservationLine>(line =>
        {
            line.ToTable("reservation_lines", table => table.HasCheckConstraint("ck_reservation_lines_quantity", "quantity > 0"));
            line.HasKey(l => new { l.OrderId, l.ProductId, l.WarehouseId });
        });

        modelBuilder.Entity<StockAlert>(alert =>
        {
            alert.ToTable("stock_alerts");
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Id).ValueGeneratedNever();
            // One pending alert per shopper and product (and variant, once there are variants): asking twice keeps one.
            alert.HasIndex(a => new { a.UserId, a.ProductId, a.VariantId }).IsUnique().AreNullsDistinct(false);
            // A restock reads the product's alerts.
            alert.HasIndex(a => a.ProductId);
        });
    }

    /// <summary>Enum values stored as the API spells them (sold, not Sold), so SQL reads like the docs.</summary>
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string> Lower<TEnum>()
        where TEnum : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<TEnum>(v, true));
}
