using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Analytics.Data;
using Bazaar.Analytics.Reports;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Audit;

/// <summary>
/// GET /api/audit?actor&amp;entity&amp;entityId&amp;from&amp;to&amp;page&amp;pageSize (admin): who changed
/// what, newest first. <c>actor</c> is a user id; <c>entity</c> a name such as <c>product</c>;
/// <c>from</c> and <c>to</c> bound the time as [from, to) in ISO 8601 (no offset = UTC).
/// </summary>
public static partial class GetAuditLog
{
    public const string InvalidTitle = "The audit query is not valid";

    public sealed record Entry(
        Guid Id,
        DateTimeOffset OccurredAt,
        Guid? ActorId,
        string? ActorEmail,
        IReadOnlyList<string> ActorRoles,
        string Entity,
        string EntityId,
        string Action,
        JsonElement? Before,
        JsonElement? After);

    public static IEndpointRouteBuilder MapGetAuditLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit")
            .WithName("GetAuditLog")
            .WithSummary("Who changed what: every admin and vendor write with actor, time, entity, before and after, newest first (admin)");
        return app;
    }

    internal static async Task<Results<Ok<PagedList<Entry>>, ValidationProblem>> HandleAsync(
        string? actor,
        string? entity,
        string? entityId,
        string? from,
        string? to,
        int? page,
        int? pageSize,
        AnalyticsDb db,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var paging = PageRequest.Read(page, pageSize, errors);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(actor))
        {
            if (Guid.TryParse(actor.Trim(), out var actorId))
            {
                query = query.Where(e => e.ActorId == actorId);
            }
            else
            {
                errors["actor"] = ["'actor' must be a user id (a UUID)."];
            }
        }

        if (!string.IsNullOrWhiteSpace(entity))
        {
            var name = entity.Trim().ToLowerInvariant();
            if (name.Length <= AuditEntry.MaxEntityLength && EntityName().IsMatch(name))
            {
                query = query.Where(e => e.Entity == name);
            }
            else
            {
                errors["entity"] = [$"'entity' must be an entity name such as product (lower snake_case, at most {AuditEntry.MaxEntityLength} characters)."];
            }
        }

        if (!string.IsNullOrWhiteSpace(entityId))
        {
            var id = entityId.Trim();
            if (id.Length <= AuditEntry.MaxEntityIdLength && !id.Any(char.IsControl))
            {
                query = query.Where(e => e.EntityId == id);
            }
            else
            {
                errors["entityId"] = [$"'entityId' must be at most {AuditEntry.MaxEntityIdLength} characters."];
            }
        }

        var start = ReportWindow.ReadTime(from, "from", DateTimeOffset.UnixEpoch, errors);
        var end = ReportWindow.ReadTime(to, "to", DateTimeOffset.MaxValue, errors);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to") && start > end)
        {
            errors["from"] = ["'from' must not be after 'to'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidTitle);
        }

        if (!string.IsNullOrWhiteSpace(from))
        {
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            query = query.Where(e => e.OccurredAt < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = paging.IsPastEnd(total) ? [] : await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<Entry>.Create([.. rows.Select(ToEntry)], paging, total));
    }

    private static Entry ToEntry(AuditEntry e) => new(
        e.Id, e.OccurredAt, e.ActorId, e.ActorEmail, e.ActorRoles, e.Entity, e.EntityId, e.Action, Json(e.Before), Json(e.After));

    private static JsonElement? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex EntityName();
}
