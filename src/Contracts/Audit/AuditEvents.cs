using System.Text.Json;

namespace Bazaar.Contracts.Audit;

/// <summary>
/// An admin or a vendor changed something the shop's staff answer for (a price, stock, roles, a
/// refund, an order's status, a promotion...). Raised in the same transaction as the change, so the
/// record exists exactly when the change does. <see cref="Before"/> and <see cref="After"/> are
/// snapshots of the changed entity's fields (never secrets), null for a creation or a deletion.
/// </summary>
public sealed record AuditRecorded(
    Guid AuditId,
    Guid? ActorId,
    string? ActorEmail,
    IReadOnlyList<string> ActorRoles,
    string Entity,
    string EntityId,
    string Action,
    JsonElement? Before,
    JsonElement? After,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
