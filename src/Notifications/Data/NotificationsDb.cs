using Bazaar.Messaging;
using Bazaar.Notifications.Contacts;
using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Preferences;
using Bazaar.Notifications.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bazaar.Notifications.Data;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Preference> Preferences => Set<Preference>();

    /// <summary>Our copy of the users' names, addresses and roles, as Identity announces them.</summary>
    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>Data Protection's key ring, which encrypts the webhooks' signing secrets.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Id).ValueGeneratedNever();
            // Stored as the API spells them, so that the dispatcher's SQL and a person reading the table agree.
            notification.Property(n => n.Channel).HasConversion(LowerCase<Channel>()).HasMaxLength(8);
            notification.Property(n => n.Status).HasConversion(LowerCase<NotificationStatus>()).HasMaxLength(8);
            notification.Property(n => n.Template).HasMaxLength(40);
            notification.Property(n => n.Recipient).HasMaxLength(320);
            notification.Property(n => n.Subject).HasMaxLength(300);
            notification.Property(n => n.LastError).HasMaxLength(Notification.MaxErrorLength);
            notification.HasIndex(n => new { n.UserId, n.CreatedAt });
            // The dispatcher's queue: only pending rows, in the order they come due.
            // The rate limit's count: sends to one recipient on one channel in the last hour.
            notification.HasIndex(n => new { n.Recipient, n.Channel, n.SentAt }).HasFilter("status = 'sent'").HasDatabaseName("ix_notifications_sent_to");
            notification.HasIndex(n => n.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_notifications_due");
        });

        modelBuilder.Entity<Preference>(preference =>
        {
            preference.ToTable("preferences");
            preference.HasKey(p => p.UserId);
            preference.Property(p => p.UserId).ValueGeneratedNever();
        });

        modelBuilder.Entity<Contact>(contact =>
        {
            contact.ToTable("contacts");
            contact.HasKey(c => c.UserId);
            contact.Property(c => c.UserId).ValueGeneratedNever();
            contact.Property(c => c.Name).HasMaxLength(200);
            contact.Property(c => c.Email).HasMaxLength(320);
            contact.Property(c => c.Mobile).HasMaxLength(32);
            contact.Property(c => c.Roles).HasColumnType("text[]");
            contact.Ignore(c => c.IsAdmin);
        });

        modelBuilder.MapWebhooks(LowerCase<WebhookDeliveryStatus>());
    }

    internal static ValueConverter<TEnum, string> LowerCase<TEnum>()
        where TEnum : struct, Enum =>
        new(value => value.ToString().ToLowerInvariant(), text => Enum.Parse<TEnum>(text, true));
}
