using Bazaar.TestSupport;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>Every Ordering list route, given any paging, status or user value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static readonly string[] Filters = ["status=junk", "status=", "userId=junk", "userId=0190e5a4-0000-7000-8000-000000000009"];

    public static TheoryData<string> Requests => new(HostileQueries.Requests(
        ["/api/orders", "/api/orders?status=placed", "/api/orders/user/0190e5a4-0000-7000-8000-000000000001"],
        HostileQueries.Paging, HostileQueries.Sorts, Filters));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var admin = app.Admin();
        using var customer = app.Customer();
        // Another user's list is a 404 to a customer whatever the query; their own lists are the point.
        var clients = request.StartsWith("/api/orders/user/", StringComparison.Ordinal) ? [admin] : new[] { admin, customer };

        foreach (var client in clients)
        {
            var response = await client.GetAsync(request, TestContext.Current.CancellationToken);

            var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
            Assert.True(fault is null, fault);
        }
    }
}
