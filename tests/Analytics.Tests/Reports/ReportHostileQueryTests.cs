using Bazaar.TestSupport;

namespace Bazaar.Analytics.Tests.Reports;

/// <summary>Every report, given any date, interval or currency value, answers 200 or a clean 400.</summary>
public sealed class ReportHostileQueryTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static readonly string[] Others = ["interval=junk", "interval=", "interval=HOUR", "interval=week", "currency=junk", "currency=%00"];

    public static TheoryData<string> Requests => new(HostileQueries.Requests(
        [
            "/api/analytics/sales", "/api/analytics/sales?interval=hour", "/api/analytics/sales?interval=month",
            "/api/analytics/user-activity", "/api/analytics/user-activity?interval=hour", "/api/analytics/user-activity?interval=month",
        ],
        HostileQueries.Dates, HostileQueries.Paging, Others));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Report_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var admin = app.Admin();

        var response = await admin.GetAsync(request, TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }
}
