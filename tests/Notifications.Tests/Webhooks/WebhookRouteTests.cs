using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Notifications.Tests.Webhooks;

/// <summary>The webhook routes: admins only, a secret shown once, names checked against the platform's events.</summary>
public sealed class WebhookRouteTests(WebhooksApp app) : IClassFixture<WebhooksApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly object Valid = new { url = "https://erp.example.com/bazaar", events = new[] { "OrderPaid" } };

    [Fact]
    public async Task Routes_Anonymous_401()
    {
        using var client = app.CreateClient();
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/webhooks", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/webhooks", Valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync($"/api/webhooks/{id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/webhooks/{id}/deliveries", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Routes_Customer_403()
    {
        using var customer = app.Customer();
        var created = await app.SubscribeAsync("https://erp.example.com/bazaar", "OrderPaid");

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/webhooks", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/webhooks", Valid, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.DeleteAsync($"/api/webhooks/{created.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/webhooks/{created.Id}/deliveries", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Create_Admin_201WithSecretOnceAndListedWithoutIt()
    {
        var created = await app.SubscribeAsync("https://erp.example.com/bazaar?shop=1", "OrderPaid", "OrderShipped");

        Assert.Matches("^whsec_[0-9a-f]{64}$", created.Secret);
        Assert.Equal(["OrderPaid", "OrderShipped"], created.Events);
        using var otherAdmin = app.Admin();
        var listed = await otherAdmin.GetStringAsync("/api/webhooks", Cancel);
        Assert.DoesNotContain(created.Secret, listed);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);
        var mine = Assert.Single(JsonSerializer.Deserialize<List<SubscriptionBody>>(listed, JsonSerializerOptions.Web)!, s => s.Id == created.Id);
        Assert.Equal("https://erp.example.com/bazaar?shop=1", mine.Url);
        var stored = await app.WithDbAsync(db => Task.FromResult(db.WebhookSubscriptions.Single(s => s.Id == created.Id).ProtectedSecret));
        Assert.DoesNotContain(created.Secret, stored);
        Assert.Empty(await app.DeliveriesAsync(created.Id));
    }

    [Fact]
    public async Task Delete_Admin_204ThenGoneAnd404()
    {
        var created = await app.SubscribeAsync("https://erp.example.com/bazaar", "OrderPaid");
        using var admin = app.Admin();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{created.Id}", Cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/webhooks/{created.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/webhooks/{created.Id}/deliveries", Cancel)).StatusCode);
        Assert.DoesNotContain(created.Id.ToString(), await admin.GetStringAsync("/api/webhooks", Cancel));
    }

    [Fact]
    public async Task CreateAndDelete_Admin_AuditedWithoutTheSecret()
    {
        var created = await app.SubscribeAsync("https://erp.example.com/audited", "OrderPaid");
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{created.Id}", Cancel)).StatusCode);

        var audit = await app.EventsAsync<Bazaar.Contracts.Audit.AuditRecorded>(a => a.EntityId == created.Id.ToString());
        Assert.Equal([("webhook", "created"), ("webhook", "deleted")], audit.Select(a => (a.Entity, a.Action)));
        Assert.Equal("https://erp.example.com/audited", audit[0].After!.Value.GetProperty("url").GetString());
        Assert.Null(audit[1].After);
        Assert.All(audit, a => Assert.DoesNotContain(created.Secret[6..], $"{a.Before?.GetRawText()}{a.After?.GetRawText()}"));
    }

    [Theory]
    [InlineData("OrderPayed", "events")]
    [InlineData("PasswordResetRequested", "events")]
    [InlineData("", "events")]
    public async Task Create_UnknownOrSecretBearingEvent_400WithErrors(string name, string field)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url = "https://erp.example.com/", events = new[] { name } }, Cancel);

        await AssertProblemAsync(response, field);
    }

    [Theory]
    [InlineData("ftp://erp.example.com/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:password@erp.example.com/hook")]
    [InlineData("not a url")]
    public async Task Create_BadUrl_400WithErrors(string url)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "OrderPaid" } }, Cancel);

        await AssertProblemAsync(response, "url");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel);
        Assert.True(problem!.Errors?.ContainsKey(field), $"errors name {field}");
    }
}
