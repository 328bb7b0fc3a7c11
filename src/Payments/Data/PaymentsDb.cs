using System.Text.Json;
using Bazaar.Messaging;
using Bazaar.Payments.Charges;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Orders;
using Bazaar.Payments.Webhooks;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bazaar.Payments.Data;

public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options) : DbContext(options)
{
    /// <summary>The partial unique index that allows one live payment per order.</summary>
    public const string OneLivePaymentPerOrder = "ix_payments_one_live_per_order";

    public DbSet<PayableOrder> Orders => Set<PayableOrder>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PaymentTransaction> Transactions => Set<PaymentTransaction>();

    public DbSet<ChargeRequest> ChargeRequests => Set<ChargeRequest>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    /// <summary>Enum values stored as the API spells them (partially_refunded), so SQL reads like the docs.</summary>
    public static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<PayableOrder>(order =>
        {
            order.ToTable("payable_orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).ValueGeneratedNever();
            order.Property(o => o.Total).HasPrecision(18, 2);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.PaymentMethodId).HasMaxLength(Payment.MaxPaymentMethodLength);
            order.Property(o => o.State).HasConversion(Snake<OrderState>()).HasMaxLength(32);
            order.Property(o => o.CancellationReason).HasMaxLength(64);
            order.HasIndex(o => o.UserId);
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments", table =>
            {
                table.HasCheckConstraint("ck_payments_amount", "amount > 0");
                table.HasCheckConstraint("ck_payments_refunded", "refunded_amount >= 0 AND refunded_amount <= amount");
            });
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Id).ValueGeneratedNever();
            payment.Property(p => p.Amount).HasPrecision(18, 2);
            payment.Property(p => p.RefundedAmount).HasPrecision(18, 2);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.Status).HasConversion(Snake<PaymentStatus>()).HasMaxLength(32);
            payment.Property(p => p.FailureCode).HasMaxLength(64);
            payment.Property(p => p.FailureMessage).HasMaxLength(1000);
            payment.Property(p => p.PaymentMethod).HasMaxLength(Payment.MaxPaymentMethodLength);
            payment.Property(p => p.ProviderReference).HasMaxLength(255);
            // At most one payment per order that is being charged or was charged: a second attempt
            // fails on insert, whatever the code above it did. Failed attempts do not count.
            payment.HasIndex(p => p.OrderId)
                .IsUnique()
                .HasFilter("status IN ('pending', 'succeeded', 'partially_refunded', 'refunded')")
                .HasDatabaseName(OneLivePaymentPerOrder);
            payment.HasIndex(p => new { p.OrderId, p.CreatedAt }).HasDatabaseName("ix_payments_order_id_created_at");
            payment.HasIndex(p => p.ProviderReference).HasFilter("provider_reference IS NOT NULL");
        });

        modelBuilder.Entity<PaymentTransaction>(transaction =>
        {
            transaction.ToTable("transactions", table => table.HasCheckConstraint("ck_transactions_amount", "amount >= 0"));
            transaction.HasKey(t => t.Id);
            transaction.Property(t => t.Id).ValueGeneratedNever();
            transaction.Property(t => t.Type).HasConversion(Snake<TransactionType>()).HasMaxLength(16);
            transaction.Property(t => t.Status).HasConversion(Snake<TransactionStatus>()).HasMaxLength(16);
            transaction.Property(t => t.Amount).HasPrecision(18, 2);
            transaction.Property(t => t.ProviderResponse).HasColumnType("jsonb");
            transaction.Property(t => t.Reason).HasMaxLength(500);
            transaction.HasOne<Payment>().WithMany().HasForeignKey(t => t.PaymentId).OnDelete(DeleteBehavior.Cascade);
            transaction.HasIndex(t => new { t.PaymentId, t.CreatedAt });
            // The worker's query: pending operations by due time.
            transaction.HasIndex(t => t.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_transactions_due");
        });

        modelBuilder.Entity<ChargeRequest>(request =>
        {
            request.ToTable("charge_requests");
            request.HasKey(r => r.OrderId);
            request.Property(r => r.OrderId).ValueGeneratedNever();
            request.Property(r => r.PaymentMethodId).HasMaxLength(Payment.MaxPaymentMethodLength);
            request.Property(r => r.Status).HasConversion(Snake<ChargeRequestStatus>()).HasMaxLength(16);
            request.Property(r => r.Note).HasMaxLength(500);
            request.Property(r => r.TraceParent).HasMaxLength(TraceLink.MaxTraceParentLength);
            request.Property(r => r.CorrelationId).HasMaxLength(TraceLink.MaxCorrelationIdLength);
            request.Ignore(r => r.Trace);
            request.HasIndex(r => r.NextAttemptAt).HasFilter("status = 'queued'").HasDatabaseName("ix_charge_requests_queued");
        });

        modelBuilder.AddIdempotencyKeys();

        modelBuilder.Entity<WebhookEvent>(webhook =>
        {
            webhook.ToTable("webhook_events");
            webhook.HasKey(w => w.Id);
            webhook.Property(w => w.Id).HasMaxLength(255);
            webhook.Property(w => w.Type).HasMaxLength(100);
            webhook.Property(w => w.Payload).HasColumnType("jsonb");
            webhook.HasIndex(w => w.ReceivedAt);
        });
    }

    private static ValueConverter<TEnum, string> Snake<TEnum>()
        where TEnum : struct, Enum =>
        new(v => Wire(v), v => Enum.Parse<TEnum>(v.Replace("_", string.Empty), true));
}
