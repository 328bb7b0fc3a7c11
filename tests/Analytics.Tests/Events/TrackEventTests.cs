using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Tests.Events;

/// <summary>POST /api/analytics/event: who may send what, and what is kept.</summary>
public sealed class TrackEventTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewSession() => $"session-{Guid.NewGuid():N}";

    private Task<List<Bazaar.Analytics.Events.AnalyticsEvent>> RowsAsync(string sessionId) =>
        app.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.SessionId == sessionId).ToListAsync(Cancel));

    [Fact]
    public async Task Track_Anonymous_AcceptedAndRecordedWithoutUser()
    {
        using var client = app.CreateClient();
        var session = NewSession();
        var product = Guid.CreateVersion7();

        var response = await client.PostAsJsonAsync(
            "/api/analytics/event", new { type = "product_view", productId = product, sessionId = session, properties = new { source = "search", rank = 3 } }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = Assert.Single(await RowsAsync(session));
        Assert.Equal(("product_view", null, product, "client"), (row.Type, row.UserId, row.ProductId, row.Source));
        Assert.Equal("search", JsonDocument.Parse(row.Properties).RootElement.GetProperty("source").GetString());
        Assert.InRange(row.OccurredAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Track_WithToken_RecordsTheUser()
    {
        using var client = app.ClientWith(app.Tokens.ForCustomer(out var userId));
        var session = NewSession();

        var response = await client.PostAsJsonAsync("/api/analytics/event", new { type = "add_to_cart", sessionId = session }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(userId, Assert.Single(await RowsAsync(session)).UserId);
    }

    [Fact]
    public async Task Track_WithForgedToken_AcceptedAsAnonymous()
    {
        using var client = app.ClientWith(new TestSupport.TestTokens().ForCustomer(out _));
        var session = NewSession();

        var response = await client.PostAsJsonAsync("/api/analytics/event", new { type = "product_view", sessionId = session }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Assert.Single(await RowsAsync(session)).UserId);
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { """{"sessionId":"S"}""", "type" },
        { """{"type":"","sessionId":"S"}""", "type" },
        { """{"type":"Product View","sessionId":"S"}""", "type" },
        { """{"type":"1st_view","sessionId":"S"}""", "type" },
        { $$"""{"type":"{{new string('a', 65)}}","sessionId":"S"}""", "type" },
        { """{"type":"order_paid","sessionId":"S"}""", "type" },
        { """{"type":"product_view","productId":"not-a-uuid","sessionId":"S"}""", "productId" },
        { """{"type":"product_view","sessionId":"S","properties":[1,2]}""", "properties" },
        { """{"type":"product_view","sessionId":"S","properties":{"a":"\u0000"}}""", "properties" },
        { $$$"""{"type":"product_view","sessionId":"S","properties":{"text":"{{{new string('x', 4100)}}}"}}""", "properties" },
        { $$"""{"type":"product_view","sessionId":"{{new string('s', 129)}}"}""", "sessionId" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Track_InvalidEvent_400WithFieldErrorAndNothingRecorded(string body, string field)
    {
        using var client = app.CreateClient();
        var session = NewSession();
        var json = body.Replace("\"sessionId\":\"S\"", $"\"sessionId\":\"{session}\"", StringComparison.Ordinal);

        var response = await client.PostAsync("/api/analytics/event", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Empty(await RowsAsync(session));
    }

    [Fact]
    public async Task Track_MalformedJson_400Problem()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/analytics/event", new StringContent("{\"type\":", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Track_PropertiesAtTheLimit_Accepted()
    {
        using var client = app.CreateClient();
        var session = NewSession();
        var filler = new string('x', 4096 - """{"text":""}""".Length);

        var response = await client.PostAsJsonAsync("/api/analytics/event", new { type = "product_view", sessionId = session, properties = new { text = filler } }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await RowsAsync(session));
    }
}
