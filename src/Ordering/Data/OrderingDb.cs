using Bazaar.Messaging;
using Bazaar.Ordering.Orders;
using Bazaar.Ordering.Pricing;
using Bazaar.Ordering.Returns;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bazaar.Ordering.Data;

public sealed class OrderingDb(DbContextOptions<OrderingDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderReturn> Returns => Set<OrderReturn>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();

    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<Promotion> Promotions => Set<Promotion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders", table =>
            {
                table.HasCheckConstraint("ck_orders_total", "total_price >= 0");
            });
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).ValueGeneratedNever();
            order.Property(o => o.Status).HasConversion(Wire<OrderStatus>()).HasMaxLength(32);
            order.Property(o => o.TotalPrice).HasPrecision(14, 2);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.PaymentMethodId).HasMaxLength(PlaceOrder.MaxPaymentMethodIdLength);
            order.Property(o => o.CancellationReason).HasConversion(Wire<CancellationReason>()).HasMaxLength(32);
            order.Property(o => o.RefundedAmount).HasPrecision(14, 2);
            order.Property(o => o.Version).IsRowVersion();
            order.Property(o => o.GuestEmail).HasMaxLength(GuestOrders.MaxEmailLength);
            order.Property(o => o.GuestTokenHash).HasMaxLength(64);
            order.HasIndex(o => o.GuestEmail).HasFilter("guest_email IS NOT NULL");
            order.Ignore(o => o.WasPaid);

            order.OwnsOne(o => o.ShippingAddress, address =>
            {
                address.Property(a => a.Name).HasColumnName("ship_to_name").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.Line1).HasColumnName("ship_to_line1").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.Line2).HasColumnName("ship_to_line2").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.City).HasColumnName("ship_to_city").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.PostalCode).HasColumnName("ship_to_postal_code").HasMaxLength(PlaceOrder.MaxPostalCodeLength);
                address.Property(a => a.Country).HasColumnName("ship_to_country").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.Region).HasColumnName("ship_to_region").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
                address.Property(a => a.Phone).HasColumnName("ship_to_phone").HasMaxLength(PlaceOrder.MaxAddressFieldLength);
            });
            order.Property(o => o.Subtotal).HasPrecision(14, 2);
            order.Property(o => o.DiscountTotal).HasPrecision(14, 2);
            order.Property(o => o.ShippingPrice).HasPrecision(14, 2);
            order.Property(o => o.TaxTotal).HasPrecision(14, 2);
            order.OwnsOne(o => o.ShippingMethod, method =>
            {
                method.Property(m => m.Id).HasColumnName("shipping_method_id");
                method.Property(m => m.Name).HasColumnName("shipping_method_name").HasMaxLength(PricingLimits.MaxNameLength);
            });

            // A coupon's use: counted per promotion (and per customer) while not released.
            order.OwnsOne(o => o.CouponUse, use =>
            {
                use.ToTable("promotion_uses");
                use.WithOwner().HasForeignKey("OrderId");
                use.HasKey("OrderId");
                use.Property<Guid>("OrderId").HasColumnName("order_id");
                use.Property(u => u.Code).HasMaxLength(PricingLimits.MaxCodeLength);
                use.Property(u => u.Saving).HasPrecision(14, 2);
                use.HasIndex(u => new { u.PromotionId, u.UserId }).HasFilter("released_at IS NULL");
            });
            order.Navigation(o => o.ShippingAddress).IsRequired();

            order.OwnsOne(o => o.Shipment, shipment =>
            {
                shipment.Property(s => s.Carrier).HasColumnName("shipment_carrier").HasMaxLength(ChangeOrderStatus.MaxShipmentFieldLength);
                shipment.Property(s => s.TrackingNumber).HasColumnName("shipment_tracking_number").HasMaxLength(ChangeOrderStatus.MaxShipmentFieldLength);
                shipment.Property(s => s.ShippedAt).HasColumnName("shipment_shipped_at");
            });

            order.OwnsOne(o => o.LastPaymentError, error =>
            {
                error.Property(e => e.Code).HasColumnName("payment_error_code").HasMaxLength(Order.MaxPaymentErrorCodeLength);
                error.Property(e => e.Message).HasColumnName("payment_error_message").HasMaxLength(Order.MaxPaymentErrorMessageLength);
                error.Property(e => e.At).HasColumnName("payment_error_at");
            });

            order.OwnsMany(o => o.Items, item =>
            {
                item.ToTable("order_items", table => table.HasCheckConstraint("ck_order_items_quantity", "quantity BETWEEN 1 AND 100"));
                item.WithOwner().HasForeignKey("OrderId");
                item.HasKey("OrderId", nameof(OrderItem.ProductId));
                item.Property(i => i.ProductName).HasMaxLength(200);
                item.Property(i => i.UnitPrice).HasPrecision(12, 2);
                item.Property(i => i.Discount).HasPrecision(14, 2);
                item.Property(i => i.TaxRate).HasPrecision(7, 6);
                item.Property(i => i.Tax).HasPrecision(14, 2);
            });
            order.Navigation(o => o.Items).HasField("items").UsePropertyAccessMode(PropertyAccessMode.Field);

            order.OwnsMany(o => o.History, change =>
            {
                change.ToTable("order_status_history");
                change.WithOwner().HasForeignKey("OrderId");
                change.HasKey("OrderId", nameof(OrderStatusChange.Sequence));
                change.Property(c => c.Sequence).ValueGeneratedNever();
                change.Property(c => c.Status).HasConversion(Wire<OrderStatus>()).HasMaxLength(32);
            });
            order.Navigation(o => o.History).HasField("history").UsePropertyAccessMode(PropertyAccessMode.Field);

            // "My orders, newest first" and the admin's list (all, or one status).
            order.HasIndex(o => new { o.UserId, o.CreatedAt });
            order.HasIndex(o => o.CreatedAt);
            order.HasIndex(o => new { o.Status, o.CreatedAt });
        });

        modelBuilder.Entity<OrderReturn>(request =>
        {
            request.ToTable("returns");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).ValueGeneratedNever();
            request.Property(r => r.Status).HasConversion(Wire<ReturnStatus>()).HasMaxLength(32);
            request.Property(r => r.RefundAmount).HasPrecision(14, 2);
            request.Property(r => r.ShippingRefund).HasPrecision(14, 2);
            request.Property(r => r.Currency).HasMaxLength(3);
            request.Property(r => r.Version).IsRowVersion();
            request.Ignore(r => r.Counts);
            request.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId);
            request.OwnsMany(r => r.Items, item =>
            {
                item.ToTable("return_items", table => table.HasCheckConstraint("ck_return_items_quantity", "quantity BETWEEN 1 AND 100"));
                item.WithOwner().HasForeignKey("ReturnId");
                item.HasKey("ReturnId", nameof(ReturnItem.Line));
                item.Property(i => i.Line).ValueGeneratedNever();
                item.Property(i => i.Reason).HasMaxLength(OrderReturn.MaxReasonLength);
                item.Property(i => i.RefundAmount).HasPrecision(14, 2);
            });
            request.Navigation(r => r.Items).HasField("items").UsePropertyAccessMode(PropertyAccessMode.Field);

            // The admin's queue (all, or one status) and "my returns", newest first.
            request.HasIndex(r => new { r.Status, r.CreatedAt });
            request.HasIndex(r => new { r.UserId, r.CreatedAt });
        });

        modelBuilder.Entity<ShippingMethod>(method =>
        {
            method.ToTable("shipping_methods");
            method.HasKey(m => m.Id);
            method.Property(m => m.Id).ValueGeneratedNever();
            method.Property(m => m.Name).HasMaxLength(PricingLimits.MaxNameLength);
            method.Property(m => m.Carrier).HasMaxLength(PricingLimits.MaxNameLength);
            method.Property(m => m.Countries).HasColumnType("text[]");
            method.Property(m => m.Price).HasPrecision(12, 2);
            method.Property(m => m.FreeOver).HasPrecision(12, 2);
        });

        modelBuilder.Entity<TaxRate>(rate =>
        {
            rate.ToTable("tax_rates", table => table.HasCheckConstraint("ck_tax_rates_rate", "rate BETWEEN 0 AND 1"));
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).ValueGeneratedNever();
            rate.Property(r => r.Country).HasMaxLength(2);
            rate.Property(r => r.Region).HasMaxLength(PricingLimits.MaxNameLength);
            rate.Property(r => r.TaxClass).HasMaxLength(16);
            rate.Property(r => r.Rate).HasPrecision(7, 6);
            rate.HasIndex(r => r.Country);
        });

        modelBuilder.Entity<Promotion>(promotion =>
        {
            promotion.ToTable("promotions");
            promotion.HasKey(p => p.Id);
            promotion.Property(p => p.Id).ValueGeneratedNever();
            promotion.Property(p => p.Code).HasMaxLength(PricingLimits.MaxCodeLength);
            promotion.Property(p => p.NormalizedCode).HasMaxLength(PricingLimits.MaxCodeLength);
            promotion.HasIndex(p => p.NormalizedCode).IsUnique();
            promotion.Property(p => p.Kind).HasConversion(Wire<PromotionKind>()).HasMaxLength(16);
            promotion.Property(p => p.Value).HasPrecision(12, 2);
            promotion.Property(p => p.MinSubtotal).HasPrecision(12, 2);
            promotion.Property(p => p.ProductIds).HasColumnType("uuid[]");
            promotion.Property(p => p.CategoryIds).HasColumnType("uuid[]");
        });

        modelBuilder.AddIdempotencyKeys();
    }

    /// <summary>Enum values stored as the API spells them (awaiting_payment), so SQL reads like the docs.</summary>
    private static ValueConverter<TEnum, string> Wire<TEnum>()
        where TEnum : struct, Enum =>
        new(v => OrderWire.Of(v), v => FromWire<TEnum>(v));

    private static TEnum FromWire<TEnum>(string value)
        where TEnum : struct, Enum =>
        OrderWire.Parse<TEnum>(value) ?? throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{value}' in the database.");
}
