using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Bazaar.TestSupport;

namespace Bazaar.Identity.Tests.Events;

/// <summary>What other services learn about users, through the outbox and the bus.</summary>
public sealed class IdentityEventsTests(IdentityApp app) : IClassFixture<IdentityApp>, IAsyncLifetime
{
    private EventProbe probe = null!;

    public async ValueTask InitializeAsync() =>
        probe = await EventProbe.StartAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange,
            typeof(UserRegistered), typeof(UserProfileUpdated), typeof(UserRolesChanged), typeof(SessionRevoked));

    public ValueTask DisposeAsync() => probe.DisposeAsync();

    [Fact]
    public async Task Register_PublishesUserRegisteredWithTheProfile()
    {
        var email = IdentityApp.NewEmail();

        var user = await app.RegisterAsync(email, name: "Grace Hopper");

        var registered = await probe.WaitForAsync<UserRegistered>(e => e.UserId == user.Id);
        Assert.Equal("Grace Hopper", registered.Name);
        Assert.Equal(email, registered.Email);
        Assert.Equal(["customer"], registered.Roles);
    }

    [Fact]
    public async Task RegisterWithTakenEmail_PublishesNothingForTheRefusedAttempt()
    {
        var email = IdentityApp.NewEmail();
        var first = await app.RegisterAsync(email, name: "First");
        using var client = app.CreateClient();

        var refused = await client.PostAsJsonAsync("/api/auth/register", new { name = "Second", email, password = "Correct-Horse-1" }, TestContext.Current.CancellationToken);
        var marker = await app.RegisterAsync(IdentityApp.NewEmail(), name: "Marker");

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        await probe.WaitForAsync<UserRegistered>(e => e.UserId == marker.Id);
        Assert.Single(probe.All<UserRegistered>(), e => e.Email == email);
        Assert.Equal(first.Id, probe.All<UserRegistered>().Single(e => e.Email == email).UserId);
    }

    [Fact]
    public async Task ProfileUpdate_PublishesUserProfileUpdated()
    {
        var customer = await app.NewCustomerAsync();

        var response = await customer.Client.PutAsJsonAsync("/api/users/me", new { name = "Renamed", mobile = "+1 555 0100" }, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var updated = await probe.WaitForAsync<UserProfileUpdated>(e => e.UserId == customer.Id);
        Assert.Equal("Renamed", updated.Name);
        Assert.Equal("+1 555 0100", updated.Mobile);
    }

    [Fact]
    public async Task RolesChange_PublishesUserRolesChanged()
    {
        var admin = await app.AdminAsync();
        var customer = await app.NewCustomerAsync();

        var response = await admin.Client.PutAsJsonAsync($"/api/users/{customer.Id}/roles", new { roles = new[] { "customer", "vendor" } }, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var changed = await probe.WaitForAsync<UserRolesChanged>(e => e.UserId == customer.Id);
        Assert.Equal(["customer", "vendor"], changed.Roles.Order());
    }

    [Fact]
    public async Task Logout_PublishesSessionRevokedOnceWithTheReason()
    {
        var customer = await app.NewCustomerAsync();

        (await customer.Client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var marker = await app.RegisterAsync(IdentityApp.NewEmail());

        var revoked = await probe.WaitForAsync<SessionRevoked>(e => e.UserId == customer.Id);
        Assert.Equal("logout", revoked.Reason);
        await probe.WaitForAsync<UserRegistered>(e => e.UserId == marker.Id);
        Assert.Single(probe.All<SessionRevoked>(), e => e.UserId == customer.Id);
    }

    [Fact]
    public async Task PublishedEvents_CarryMessageIdOccurredAtAndTraceparent()
    {
        var user = await app.RegisterAsync(IdentityApp.NewEmail());

        await probe.WaitForAsync<UserRegistered>(e => e.UserId == user.Id);
        var envelope = probe.Envelopes.Last(e => e.Type == "UserRegistered");
        Assert.True(Guid.TryParse(envelope.MessageId, out _));
        Assert.True(envelope.Headers!.ContainsKey("occurred-at"));
        Assert.True(envelope.Headers.ContainsKey("traceparent"));
        Assert.True(envelope.Persistent);
    }
}
