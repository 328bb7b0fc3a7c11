using Microsoft.EntityFrameworkCore;

namespace Bazaar.Messaging;

/// <summary>An event waiting to be sent (or sent, until the retention period ends).</summary>
public sealed class OutboxMessage
{
    /// <summary>Also the message id on the broker; UUID v7, so ordering by it is ordering by time.</summary>
    public Guid Id { get; init; }

    public required string EventName { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? TraceParent { get; init; }

    public string? CorrelationId { get; init; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>A message a handler has had its effect for: written in the same transaction as the effect.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Handler { get; init; }

    public DateTimeOffset HandledAt { get; init; }
}

public static class MessagingModel
{
    /// <summary>Maps the outbox and inbox tables into a service's own database (and so its migrations).</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            // Column names are fixed here because the relay's SQL names them.
            outbox.Property(m => m.Id).HasColumnName("id");
            outbox.Property(m => m.EventName).HasColumnName("event_name").HasMaxLength(200);
            outbox.Property(m => m.Payload).HasColumnName("payload").HasColumnType("jsonb");
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(64);
            outbox.Property(m => m.CorrelationId).HasColumnName("correlation_id").HasMaxLength(128);
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
            outbox.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL");
        });
        model.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Handler });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Handler).HasColumnName("handler").HasMaxLength(300);
            inbox.Property(m => m.HandledAt).HasColumnName("handled_at");
        });
        return model;
    }
}
