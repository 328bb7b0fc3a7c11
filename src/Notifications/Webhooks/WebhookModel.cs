using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bazaar.Notifications.Webhooks;

internal static class WebhookModel
{
    public static void MapWebhooks(this ModelBuilder modelBuilder, ValueConverter<WebhookDeliveryStatus, string> status)
    {
        modelBuilder.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
            subscription.Property(s => s.Events).HasColumnType("text[]");
            subscription.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).ValueGeneratedNever();
            delivery.Property(d => d.EventType).HasMaxLength(100);
            delivery.Property(d => d.Status).HasConversion(status).HasMaxLength(10);
            delivery.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
            // One delivery of one event to one subscription, however often the event arrives.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
            // The dispatcher's queue: only pending rows, in the order they come due.
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
            delivery.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WebhookAttempt>(attempt =>
        {
            attempt.ToTable("webhook_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.Id).ValueGeneratedNever();
            attempt.Property(a => a.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
            attempt.HasIndex(a => a.DeliveryId);
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
        });
    }
}
