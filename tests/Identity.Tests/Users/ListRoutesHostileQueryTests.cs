using Bazaar.TestSupport;

namespace Bazaar.Identity.Tests.Users;

/// <summary>Identity's user list, given any paging value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    public static TheoryData<string> Requests => new(HostileQueries.Requests(
        ["/api/users", "/api/users?q=example", "/api/auth/sessions"], HostileQueries.Paging, HostileQueries.Sorts));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var admin = (await app.AdminAsync()).Client;

        var response = await admin.GetAsync(request, TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }
}
