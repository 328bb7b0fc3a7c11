using Bazaar.Contracts.Audit;

namespace Bazaar.Analytics.Audit;

/// <summary>A row of <c>audit_entries</c>: one admin or vendor write, as <see cref="AuditRecorded"/> told it.</summary>
public sealed class AuditEntry
{
    public const int MaxEntityLength = 64;
    public const int MaxEntityIdLength = 200;
    public const int MaxActionLength = 64;
    public const int MaxEmailLength = 320;

    private AuditEntry()
    {
    }

    /// <summary>The event's audit id: an entry told twice is stored once.</summary>
    public Guid Id { get; private init; }

    public DateTimeOffset OccurredAt { get; private init; }

    public Guid? ActorId { get; private init; }

    public string? ActorEmail { get; private init; }

    public string[] ActorRoles { get; private init; } = [];

    public string Entity { get; private init; } = string.Empty;

    public string EntityId { get; private init; } = string.Empty;

    public string Action { get; private init; } = string.Empty;

    /// <summary>JSON (jsonb) of the entity's fields before the change; null for a creation.</summary>
    public string? Before { get; private init; }

    /// <summary>JSON (jsonb) of the entity's fields after the change; null for a deletion.</summary>
    public string? After { get; private init; }

    public static AuditEntry From(AuditRecorded recorded) => new()
    {
        Id = recorded.AuditId,
        OccurredAt = recorded.OccurredAt.ToUniversalTime(),
        ActorId = recorded.ActorId,
        ActorEmail = recorded.ActorEmail,
        ActorRoles = [.. recorded.ActorRoles],
        Entity = recorded.Entity,
        EntityId = recorded.EntityId,
        Action = recorded.Action,
        Before = recorded.Before?.GetRawText(),
        After = recorded.After?.GetRawText(),
    };
}
