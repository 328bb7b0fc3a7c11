using Bazaar.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Analytics.Tests.Reports;

/// <summary>Who may read the reports and the audit log, what a bad query answers, and the service's own routes.</summary>
public sealed class ReportAccessTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Reports => ["/api/analytics/sales", "/api/analytics/user-activity", "/api/audit"];

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_Anonymous_401(string report)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(report, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_Customer_403(string report)
    {
        using var client = app.ClientWith(app.Tokens.ForCustomer(out _));

        var response = await client.GetAsync(report, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_Admin_200(string report)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync(report, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/analytics/sales?interval=week", "interval" },
        { "/api/analytics/sales?from=2024-02-01&to=2024-01-01", "from" },
        { "/api/analytics/sales?from=yesterday", "from" },
        { "/api/analytics/sales?to=1969-12-31T00:00:00Z", "to" },
        { "/api/analytics/sales?from=2020-01-01&to=2024-01-01&interval=hour", "interval" },
        { "/api/analytics/sales?from=2000-01-01&to=2024-01-01&interval=day", "interval" },
        { "/api/analytics/sales?currency=dollars", "currency" },
        { "/api/analytics/user-activity?interval=minute", "interval" },
        { "/api/analytics/user-activity?from=2024-01-02&to=2024-01-01", "from" },
        { "/api/analytics/user-activity?from=2024-01-01&to=2024-06-01&interval=hour", "interval" },
        { "/api/audit?actor=someone", "actor" },
        { "/api/audit?entity=Product%20Price!", "entity" },
        { "/api/audit?from=yesterday", "from" },
        { "/api/audit?to=1969-12-31T00:00:00Z", "to" },
        { "/api/audit?from=2025-02-01&to=2025-01-01", "from" },
        { "/api/audit?page=0", "page" },
        { "/api/audit?pageSize=101", "pageSize" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Report_BadQuery_400WithFieldError(string url, string field)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync(url, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task Health_DatabaseRedisAndBrokerUp_LiveAndReady()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancel)).StatusCode);
        var checks = await client.ReadyChecksAsync(Cancel);
        Assert.All(["postgres", "redis", "rabbitmq"], name => Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryContractRoute()
    {
        using var client = app.CreateClient();

        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel)).RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/analytics/event").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/analytics/sales").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/analytics/user-activity").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/audit").TryGetProperty("get", out _));
    }
}
