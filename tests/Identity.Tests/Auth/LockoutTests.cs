using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Identity.Tests.Auth;

/// <summary>Runs with a three-second lockout so that its end can be awaited.</summary>
public sealed class LockoutTests(ShortLockoutIdentityApp app) : IClassFixture<ShortLockoutIdentityApp>
{
    [Fact]
    public async Task Login_AfterLockoutEnds_AcceptsTheRightPassword()
    {
        var email = IdentityApp.NewEmail();
        await app.RegisterAsync(email, "Correct-Horse-1");
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-Password-1" }, TestContext.Current.CancellationToken);
        }

        var locked = await client.PostAsJsonAsync(
            "/api/auth/login", new { email, password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);

        await Eventually.UntilAsync(
            async () =>
            {
                var response = await client.PostAsJsonAsync(
                    "/api/auth/login", new { email, password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);
                return response.StatusCode == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(20),
            "the three-second lockout should end");
    }
}
