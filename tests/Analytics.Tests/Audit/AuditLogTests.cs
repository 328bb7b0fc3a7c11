using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Analytics.Tests.Audit;

/// <summary>
/// The audit log as an admin reads it after services announced admin writes. Each test uses
/// actors and entity ids of its own, so tests sharing the database never see each other's entries.
/// </summary>
public sealed class AuditLogTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static AuditRecorded Recorded(Guid actor, string entity, string entityId, string occurredAt, string? before, string? after) => new(
        Guid.CreateVersion7(), actor, "admin@example.com", ["admin", "customer"], entity, entityId, "updated",
        before is null ? null : Json(before), after is null ? null : Json(after), At(occurredAt));

    [Fact]
    public async Task AuditLog_EntriesOfAnActor_NewestFirstWithBeforeAndAfter()
    {
        var actor = Guid.CreateVersion7();
        var product = Guid.CreateVersion7().ToString();
        var older = Recorded(actor, "product", product, "2025-02-01T10:00:00Z", """{"price":10.00}""", """{"price":12.50}""");
        var newer = Recorded(actor, "product", product, "2025-02-02T10:00:00Z", """{"price":12.50}""", null);
        await app.PublishAsync(older);
        await app.PublishAsync(newer);

        var page = await app.ReportWhenAsync<AuditPageBody>($"/api/audit?actor={actor}", p => p.TotalCount == 2);

        Assert.Equal([newer.AuditId, older.AuditId], page.Items.Select(e => e.Id));
        var entry = page.Items[1];
        Assert.Equal((actor, "admin@example.com", "product", product, "updated", older.OccurredAt), (entry.ActorId, entry.ActorEmail, entry.Entity, entry.EntityId, entry.Action, entry.OccurredAt));
        Assert.Equal(["admin", "customer"], entry.ActorRoles);
        Assert.Equal(10.00m, entry.Before!.Value.GetProperty("price").GetDecimal());
        Assert.Equal(12.50m, entry.After!.Value.GetProperty("price").GetDecimal());
        Assert.Null(page.Items[0].After);
        Assert.Equal((1, 20, 1), (page.Page, page.PageSize, page.TotalPages));
    }

    [Fact]
    public async Task AuditLog_FilteredByEntityAndTime_OnlyThoseInTheWindow()
    {
        var actor = Guid.CreateVersion7();
        var product = Guid.CreateVersion7().ToString();
        var inside = Recorded(actor, "product", product, "2025-03-10T12:00:00Z", "{}", "{}");
        var before = Recorded(actor, "product", product, "2025-03-09T23:59:59Z", "{}", "{}");
        var atTo = Recorded(actor, "product", product, "2025-03-11T00:00:00Z", "{}", "{}");
        var otherEntity = Recorded(actor, "promotion", product, "2025-03-10T12:00:00Z", "{}", "{}");
        foreach (var recorded in new[] { inside, before, atTo, otherEntity })
        {
            await app.PublishAsync(recorded);
        }

        await app.ReportWhenAsync<AuditPageBody>($"/api/audit?actor={actor}", p => p.TotalCount == 4);
        using var admin = app.Admin();
        var page = (await admin.GetFromJsonAsync<AuditPageBody>(
            $"/api/audit?actor={actor}&entity=product&entityId={product}&from=2025-03-10T00:00:00Z&to=2025-03-11T00:00:00Z", Cancel))!;

        Assert.Equal([inside.AuditId], page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task AuditLog_SameEntryDeliveredTwice_KeptOnce()
    {
        var actor = Guid.CreateVersion7();
        var recorded = Recorded(actor, "stock", Guid.CreateVersion7().ToString(), "2025-04-01T08:00:00Z", """{"onHand":3}""", """{"onHand":7}""");
        var messageId = Guid.CreateVersion7();

        await app.HandledAsync(recorded, messageId);
        await app.PublishAsync(recorded, messageId); // a redelivery
        await app.HandledAsync(recorded); // the same entry announced again under a new message id

        using var admin = app.Admin();
        var page = (await admin.GetFromJsonAsync<AuditPageBody>($"/api/audit?actor={actor}", Cancel))!;
        Assert.Equal(1, page.TotalCount);
    }
}
