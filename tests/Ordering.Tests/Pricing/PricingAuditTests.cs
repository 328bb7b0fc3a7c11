using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>Promotions, shipping methods and the tax table: every admin change audited with before and after; a refused one not.</summary>
public sealed class PricingAuditTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    private Task<List<AuditRecorded>> AuditOfAsync(Guid id) => app.EventsAsync<AuditRecorded>(a => a.EntityId == id.ToString());

    [Fact]
    public async Task Promotion_CreateUpdateDelete_AuditedEach_AnInvalidUpdateNot()
    {
        using var admin = app.Admin();
        var code = $"AUDIT{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var created = await admin.PostAsJsonAsync("/api/promotions", new { code, kind = "percent", value = 10m }, Token);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();

        var invalid = await admin.PutAsJsonAsync($"/api/promotions/{id}", new { code, kind = "percent", value = 150m }, Token);
        var updated = await admin.PutAsJsonAsync($"/api/promotions/{id}", new { code, kind = "percent", value = 15m }, Token);
        var deleted = await admin.DeleteAsync($"/api/promotions/{id}", Token);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.NoContent), (created.StatusCode, invalid.StatusCode, updated.StatusCode, deleted.StatusCode));
        var audit = await AuditOfAsync(id);
        Assert.Equal(["created", "updated", "deleted"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("promotion", a.Entity));
        Assert.Equal((10m, 15m), (audit[1].Before!.Value.GetProperty("value").GetDecimal(), audit[1].After!.Value.GetProperty("value").GetDecimal()));
        Assert.Equal((true, false), (audit[2].Before is not null, audit[2].After is not null));
    }

    [Fact]
    public async Task ShippingMethodDeleteAndTaxTable_Audited()
    {
        using var admin = app.Admin();
        var id = await app.ShippingMethodAsync(PricingSetup.NewCountry(), 5.00m, name: "Post");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/shipping/methods/{id}", Token)).StatusCode);

        Assert.Equal(["created", "deleted"], (await AuditOfAsync(id)).Select(a => a.Action));
        Assert.Equal("Post", (await AuditOfAsync(id))[1].Before!.Value.GetProperty("name").GetString());

        var country = PricingSetup.NewCountry();
        var rates = await admin.PutAsJsonAsync("/api/tax/rates", new[] { new { country, taxClass = "standard", rate = 0.2m } }, Token);

        Assert.Equal(HttpStatusCode.OK, rates.StatusCode);
        var table = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.Entity == "tax_rates"));
        Assert.Equal(("table", "replaced"), (table.EntityId, table.Action));
        Assert.Equal(country, Assert.Single(table.After!.Value.GetProperty("rates").EnumerateArray()).GetProperty("country").GetString());
    }
}
