using Bazaar.TestSupport;

namespace Bazaar.Reviews.Tests.Reviews;

/// <summary>Every Reviews list route, given any paging value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    public static TheoryData<string> Requests => new(HostileQueries.Requests(
        ["/api/reviews/product/0190e5a4-0000-7000-8000-000000000001", "/api/reviews/user/0190e5a4-0000-7000-8000-000000000002", "/api/reviews/pending"],
        HostileQueries.Paging, HostileQueries.Sorts));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var admin = app.NewAdmin().Client;

        var response = await admin.GetAsync(request, TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }
}
