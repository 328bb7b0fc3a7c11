using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Identity.Tests.Users;

public sealed class UsersTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task Me_Get_ReturnsMyProfile()
    {
        var user = await app.NewCustomerAsync();

        var me = await user.Client.GetFromJsonAsync<UserBody>("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(user.Id, me!.Id);
        Assert.Equal(user.Email, me.Email);
        Assert.Equal(["customer"], me.Roles);
    }

    [Fact]
    public async Task Me_Put_UpdatesNameAndMobileOnly()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PutAsJsonAsync(
            "/api/users/me", new { name = "New Name", mobile = "+1 555 0100", email = "hijack@example.test", roles = new[] { "admin" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await user.Client.GetFromJsonAsync<UserBody>("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal("New Name", me!.Name);
        Assert.Equal("+1 555 0100", me.Mobile);
        Assert.Equal(user.Email, me.Email);
        Assert.Equal(["customer"], me.Roles);
    }

    [Fact]
    public async Task Me_PutWithoutName_Returns400WithErrors()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PutAsJsonAsync("/api/users/me", new { mobile = "1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Contains("name", problem!.Errors!.Keys);
    }

    [Fact]
    public async Task Me_WithoutBearer_Returns401Problem()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UserById_Self_GetAndPutSucceed()
    {
        var user = await app.NewCustomerAsync();

        var get = await user.Client.GetAsync($"/api/users/{user.Id}", TestContext.Current.CancellationToken);
        var put = await user.Client.PutAsJsonAsync($"/api/users/{user.Id}", new { name = "Self Edit" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Self Edit", (await put.Content.ReadFromJsonAsync<UserBody>(TestContext.Current.CancellationToken))!.Name);
    }

    [Fact]
    public async Task UserById_OtherUser_Returns404ForGetAndPut()
    {
        var owner = await app.NewCustomerAsync();
        var other = await app.NewCustomerAsync();

        var get = await other.Client.GetAsync($"/api/users/{owner.Id}", TestContext.Current.CancellationToken);
        var put = await other.Client.PutAsJsonAsync($"/api/users/{owner.Id}", new { name = "Defaced" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        var unchanged = await owner.Client.GetFromJsonAsync<UserBody>("/api/users/me", TestContext.Current.CancellationToken);
        Assert.Equal("Test User", unchanged!.Name);
    }

    [Fact]
    public async Task UserById_Admin_GetsAndUpdatesAnyone()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();

        var get = await admin.Client.GetFromJsonAsync<UserBody>($"/api/users/{user.Id}", TestContext.Current.CancellationToken);
        var put = await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}", new { name = "Renamed By Admin" }, TestContext.Current.CancellationToken);

        Assert.Equal(user.Email, get!.Email);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var unknown = await admin.Client.GetAsync($"/api/users/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task List_Admin_GetsPagedUsersAndSearches()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await app.RegisterAsync($"{marker}-{i}@example.test");
        }

        var admin = await app.AdminAsync();

        var page = await admin.Client.GetFromJsonAsync<PagedBody<UserBody>>($"/api/users?q={marker}&page=1&pageSize=2", TestContext.Current.CancellationToken);
        var all = await admin.Client.GetFromJsonAsync<PagedBody<UserBody>>("/api/users", TestContext.Current.CancellationToken);

        Assert.Equal(3, page!.TotalCount);
        Assert.Equal(2, page.TotalPages);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal((1, 2), (page.Page, page.PageSize));
        Assert.All(page.Items, u => Assert.StartsWith(marker, u.Email, StringComparison.Ordinal));
        Assert.Equal(20, all!.PageSize);
        Assert.Contains(all.Items, u => u.Email == IdentityApp.AdminEmail);
    }

    [Fact]
    public async Task List_Customer_Returns403Problem()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.GetAsync("/api/users", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Roles_AdminSetsVendor_UserGetsVendorOnNextToken()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();

        var response = await admin.Client.PutAsJsonAsync(
            $"/api/users/{user.Id}/roles", new { roles = new[] { "customer", "vendor" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["customer", "vendor"], (await response.Content.ReadFromJsonAsync<UserBody>(TestContext.Current.CancellationToken))!.Roles.Order());
        var tokens = await app.LoginAsync(user.Email, user.Password);
        using var client = app.CreateClient();
        var introspection = await (await client.PostAsJsonAsync("/api/auth/validate", new { token = tokens.AccessToken }, TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Contains("vendor", introspection.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("{\"roles\": [\"superuser\"]}")]
    [InlineData("{\"roles\": []}")]
    [InlineData("{\"roles\": [\"service\"]}")]
    [InlineData("{}")]
    public async Task Roles_InvalidRoles_Return400WithErrors(string body)
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await admin.Client.PutAsync($"/api/users/{user.Id}/roles", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
        Assert.Contains("roles", problem!.Errors!.Keys);
    }

    [Fact]
    public async Task Roles_Customer_Returns403AndUnknownUser404ForAdmin()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();

        var forbidden = await user.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "admin" } }, TestContext.Current.CancellationToken);
        var missing = await admin.Client.PutAsJsonAsync($"/api/users/{Guid.CreateVersion7()}/roles", new { roles = new[] { "vendor" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Roles_Demoted_TheOldTokenIsRefusedOnTheNextRequest_ARefreshCarriesTheNewRoles()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();
        var ct = TestContext.Current.CancellationToken;
        (await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "customer", "admin" } }, ct)).EnsureSuccessStatusCode();
        var promoted = await app.LoginAsync(user.Email, user.Password);
        using var asAdmin = app.ClientWith(promoted.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await asAdmin.GetAsync("/api/users", ct)).StatusCode);

        (await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "customer" } }, ct)).EnsureSuccessStatusCode();

        // The token that still says admin works nowhere from now on, not even for the user's own profile.
        Assert.Equal(HttpStatusCode.Unauthorized, (await asAdmin.GetAsync("/api/users", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asAdmin.GetAsync("/api/users/me", ct)).StatusCode);
        using var anonymous = app.CreateClient();
        var introspection = await (await anonymous.PostAsJsonAsync("/api/auth/validate", new { token = promoted.AccessToken }, ct)).ReadJsonAsync();
        Assert.False(introspection.GetProperty("active").GetBoolean());
        // The session goes on: a refresh gets a token that says what is true now.
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = promoted.RefreshToken }, ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var asCustomer = app.ClientWith((await refreshed.Content.ReadFromJsonAsync<TokenBody>(ct))!.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await asCustomer.GetAsync("/api/users", ct)).StatusCode);
        Assert.Equal(["customer"], (await asCustomer.GetFromJsonAsync<UserBody>("/api/users/me", ct))!.Roles);
        // Other users' tokens are untouched.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/users", ct)).StatusCode);
    }

    [Fact]
    public async Task Roles_SetToWhatTheyAre_KeepTheUsersTokensWorking()
    {
        var user = await app.NewCustomerAsync();
        var admin = await app.AdminAsync();
        var ct = TestContext.Current.CancellationToken;

        (await admin.Client.PutAsJsonAsync($"/api/users/{user.Id}/roles", new { roles = new[] { "customer" } }, ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/users/me", ct)).StatusCode);
    }
}
