using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Analytics.Tests.Users;

/// <summary>
/// User activity as an admin sees it: tracked client events (anonymous and signed in), signups
/// from Identity and paid orders from Ordering. Only this class writes "now" into its database.
/// </summary>
public sealed class UserActivityTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    private static string Query(DateTimeOffset from, DateTimeOffset to, string interval) =>
        $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&interval={interval}";

    private static async Task TrackAsync(HttpClient client, string type, Guid? productId = null)
    {
        var response = await client.PostAsJsonAsync("/api/analytics/event", new { type, productId, sessionId = "s-1" }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task UserActivity_ClientEventsSignupsAndPaidOrders_CountedWithFunnel()
    {
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var product = Guid.CreateVersion7();
        using var shopper = app.ClientWith(app.Tokens.ForCustomer(out var shopperId));
        using var browser = app.ClientWith(app.Tokens.ForCustomer(out _));
        using var anonymous = app.CreateClient();
        var newcomer = Guid.CreateVersion7();

        await TrackAsync(shopper, "product_view", product);
        await TrackAsync(shopper, "product_view", product);
        await TrackAsync(shopper, "add_to_cart", product);
        await TrackAsync(shopper, "checkout_started");
        await TrackAsync(browser, "product_view", product);
        await TrackAsync(anonymous, "product_view", product);
        await TrackAsync(anonymous, "banner_click");
        await app.PublishAsync(new UserRegistered(newcomer, "New Comer", "new@example.test", null, ["customer"], DateTimeOffset.UtcNow));
        await app.PublishAsync(new UserRolesChanged(shopperId, ["customer", "vendor"], DateTimeOffset.UtcNow));
        await app.PublishAsync(new OrderPaid(Guid.CreateVersion7(), shopperId, Guid.CreateVersion7(), [new OrderLine(product, "Lamp", 1, 20m)], 20m, "USD", DateTimeOffset.UtcNow));

        var activity = await app.ReportWhenAsync<ActivityBody>(
            $"/api/analytics/user-activity?{Query(from, DateTimeOffset.UtcNow.AddMinutes(1), "hour")}",
            a => a.Funnel.PaidOrders == 1 && a.Signups == 1);

        Assert.Equal(new FunnelBody(Views: 4, AddsToCart: 1, Checkouts: 1, PaidOrders: 1), activity.Funnel);
        Assert.Equal(3, activity.ActiveUsers); // shopper, browser, newcomer: the anonymous visitor and a role change are no user's activity
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["add_to_cart"] = 1, ["banner_click"] = 1, ["checkout_started"] = 1, ["order_paid"] = 1,
                ["product_view"] = 4, ["user_registered"] = 1, ["user_roles_changed"] = 1,
            },
            activity.EventsByType);
        Assert.Equal(10, activity.Series.Sum(b => b.Events));
        Assert.Equal(1, activity.Series.Sum(b => b.Signups));
    }

    [Fact]
    public async Task UserActivity_SignupsOverDays_SeriesWithZeroBuckets()
    {
        await app.PublishAsync(new UserRegistered(Guid.CreateVersion7(), "A", "a@example.test", null, ["customer"], At("2021-02-01T08:00:00Z")));
        await app.PublishAsync(new UserRegistered(Guid.CreateVersion7(), "B", "b@example.test", null, ["customer"], At("2021-02-03T08:00:00Z")));
        await app.PublishAsync(new UserRegistered(Guid.CreateVersion7(), "C", "c@example.test", "+15550100", ["customer"], At("2021-02-03T20:00:00Z")));
        await app.PublishAsync(new UserRegistered(Guid.CreateVersion7(), "D", "d@example.test", null, ["customer"], At("2021-02-05T00:00:00Z")));

        var activity = await app.ReportWhenAsync<ActivityBody>(
            "/api/analytics/user-activity?from=2021-02-01T00:00:00Z&to=2021-02-05T00:00:00Z",
            a => a.Signups == 3);

        Assert.Equal([1, 0, 2, 0], activity.Series.Select(b => b.Signups));
        Assert.Equal([At("2021-02-01T00:00:00Z"), At("2021-02-02T00:00:00Z"), At("2021-02-03T00:00:00Z"), At("2021-02-04T00:00:00Z")], activity.Series.Select(b => b.Bucket));
        Assert.Equal((3, 3), (activity.ActiveUsers, activity.EventsByType["user_registered"]));
        Assert.Equal(new FunnelBody(0, 0, 0, 0), activity.Funnel);
    }

    [Fact]
    public async Task UserActivity_NoQuery_LastThirtyDaysByDay()
    {
        using var admin = app.Admin();

        var activity = (await admin.GetFromJsonAsync<ActivityBody>("/api/analytics/user-activity", Cancel))!;

        // 30 days that do not start at midnight touch 31 days.
        Assert.Equal(31, activity.Series.Count);
        Assert.Equal(DateTimeOffset.UtcNow.Date, activity.Series[^1].Bucket.UtcDateTime.Date);
    }
}
