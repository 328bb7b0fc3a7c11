using System.Security.Claims;
using System.Text.Json;
using Bazaar.Contracts.Audit;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Messaging;

/// <summary>
/// Records who changed what as an <see cref="AuditRecorded"/> event in the outbox, so the record
/// commits with the change it describes (or not at all). Every admin and vendor write calls this
/// before its SaveChanges; a shopper's own writes do not.
/// </summary>
public static class AuditTrail
{
    // The claim names of Identity's tokens (ServiceDefaults' BazaarClaims; Messaging does not reference it).
    private const string SubjectClaim = "sub";
    private const string EmailClaim = "email";
    private const string RolesClaim = "roles";

    /// <summary>
    /// Adds the audit record of a change by <paramref name="actor"/> to <paramref name="entity"/>
    /// <paramref name="entityId"/>. <paramref name="before"/> and <paramref name="after"/> are
    /// snapshots of its fields as JSON objects (null when it did not exist before or after).
    /// </summary>
    public static AuditRecorded Audit(
        this DbContext db, ClaimsPrincipal actor, string entity, object entityId, string action, object? before, object? after)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = new AuditRecorded(
            Guid.CreateVersion7(),
            Guid.TryParse(actor.FindFirstValue(SubjectClaim), out var actorId) ? actorId : null,
            actor.FindFirstValue(EmailClaim),
            [.. actor.FindAll(RolesClaim).Select(c => c.Value).Order(StringComparer.Ordinal)],
            entity,
            Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            action,
            Snapshot(before),
            Snapshot(after),
            DateTimeOffset.UtcNow);
        db.AddEvent(record);
        return record;
    }

    private static JsonElement? Snapshot(object? value) =>
        value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), EventSerializer.Options);
}
