using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Identity.Tests.Users;

/// <summary>An admin's role changes and edits of someone else's profile are audited; a user's edit of their own profile is not.</summary>
public sealed class UserAuditTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<List<AuditRecorded>> AuditOfAsync(Guid userId) => app.EventsAsync<AuditRecorded>(a => a.EntityId == userId.ToString());

    [Fact]
    public async Task SetRoles_ByAdmin_AuditedWithRolesBeforeAndAfter()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();

        var response = await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "customer", "vendor" } }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = Assert.Single(await AuditOfAsync(user.Id));
        Assert.Equal(("user", "roles_set", admin.Id), (audit.Entity, audit.Action, audit.ActorId));
        Assert.Contains("admin", audit.ActorRoles);
        Assert.Equal(["customer"], audit.Before!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["customer", "vendor"], audit.After!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.DoesNotContain("password", audit.After.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProfileEdits_OwnIsNotAudited_AnAdminsIs()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();

        var own = await user.Client.PutAsJsonAsync("/api/users/me", new { name = "Own Name" }, Cancel);
        var refused = await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "superuser" } }, Cancel);
        var byAdmin = await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}", new { name = "Admin Name" }, Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK), (own.StatusCode, refused.StatusCode, byAdmin.StatusCode));
        var audit = Assert.Single(await AuditOfAsync(user.Id));
        Assert.Equal(("profile_updated", admin.Id), (audit.Action, audit.ActorId));
        Assert.Equal("Own Name", audit.Before!.Value.GetProperty("name").GetString());
        Assert.Equal("Admin Name", audit.After!.Value.GetProperty("name").GetString());
    }
}
