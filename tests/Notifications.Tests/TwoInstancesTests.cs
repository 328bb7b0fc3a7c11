using System.Net;
using System.Net.Http.Json;
using Bazaar.Notifications.Data;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>Dispatchers that claim four rows at a time, so two instances share a backlog between them.</summary>
public sealed class SmallBatchNotificationsApp(InfrastructureFixture infrastructure) : NotificationsApp(infrastructure)
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Notifications:Dispatch:BatchSize"] = "4";
}

/// <summary>Notifications scaled to two replicas: two dispatchers on one notifications table and one SMTP server.</summary>
public sealed class TwoInstancesTests(SmallBatchNotificationsApp app) : IClassFixture<SmallBatchNotificationsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispatch_TwoInstances_SendOneMailPerNotification()
    {
        await using var second = new AnotherInstance<NotificationsDb>(app, ["Smtp", "Notifications"]);
        using var adminOne = app.ClientWith(app.Tokens.ForAdmin(out _));
        using var adminTwo = second.CreateClient();
        adminTwo.DefaultRequestHeaders.Authorization = adminOne.DefaultRequestHeaders.Authorization;

        // Forty mails accepted by both instances at once: each wakes its own dispatcher, and each
        // dispatcher also finds the other's rows when it polls.
        var addresses = Enumerable.Range(0, 40).Select(_ => $"{Guid.NewGuid():N}@example.com").ToList();
        var accepted = await Task.WhenAll(addresses.Select(async (to, n) =>
        {
            var response = await (n % 2 == 0 ? adminOne : adminTwo).PostAsJsonAsync("/api/notifications/email", new { to, subject = "Two of us", body = "One of these." }, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel))!.Id;
        }));

        foreach (var id in accepted)
        {
            await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.SentAt is not null, TimeSpan.FromSeconds(30), $"notification {id} sent");
        }

        // Stopped, the second dispatcher has finished any send it had begun.
        await second.DisposeAsync();
        foreach (var address in addresses)
        {
            Assert.Single(await app.Mail.MailsToAsync(address));
        }
    }

    private sealed record AcceptedBody(Guid Id, string Status);
}
