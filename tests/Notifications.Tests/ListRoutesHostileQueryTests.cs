using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>The notification list, given any paging value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    public static TheoryData<string> Requests => new(HostileQueries.Requests(["/api/notifications"], HostileQueries.Paging, HostileQueries.Sorts));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var user = app.ClientWith(app.Tokens.ForCustomer(out _));

        var response = await user.GetAsync(request, TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }
}
