using Microsoft.EntityFrameworkCore;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>
/// One Idempotency-Key of one user in a service's database: the hash of the request it was first
/// used with, and once that request finished, its answer. No answer yet means still running.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid UserId { get; init; }

    public required string Key { get; init; }

    public required string RequestHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int? StatusCode { get; private set; }

    public string? ContentType { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Location { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>xmin: completing a claim that outlived its lease and was taken over fails instead of overwriting.</summary>
    public uint Version { get; private set; }

    public bool IsComplete => StatusCode is not null;

    public StoredResponse? Response => StatusCode is { } status ? new(status, ContentType, ResponseBody ?? string.Empty, Location) : null;

    public void Complete(StoredResponse response, DateTimeOffset now) =>
        (StatusCode, ContentType, ResponseBody, Location, CompletedAt) = (response.Status, response.ContentType, response.Body, response.Location, now);
}

public static class IdempotencyModel
{
    public const string Table = "idempotency_keys";

    /// <summary>Maps the service's table of keys; call from OnModelCreating.</summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder modelBuilder) =>
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable(Table);
            record.HasKey(r => new { r.UserId, r.Key });
            record.Property(r => r.Key).HasMaxLength(IdempotencyKey.MaxLength);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.ContentType).HasMaxLength(100);
            record.Property(r => r.ResponseBody).HasColumnType("text");
            record.Property(r => r.Location).HasMaxLength(500);
            record.Property(r => r.Version).IsRowVersion();
            record.Ignore(r => r.Response);
            record.HasIndex(r => r.CreatedAt);
        });
}
