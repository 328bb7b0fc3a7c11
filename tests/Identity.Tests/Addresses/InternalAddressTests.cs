using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Identity.Tests.Addresses;

/// <summary>GET /internal/users/{userId}/addresses/{addressId}: what Ordering reads, with a service token.</summary>
public sealed class InternalAddressTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<AddressBody> AddAsync(SignedIn user)
    {
        var response = await user.Client.PostAsJsonAsync("/api/users/me/addresses", new
        {
            label = "Home", name = "Ada Lovelace", line1 = "1 Main St", line2 = "Flat 2", city = "Boston", region = "MA",
            postalCode = "02101", country = "US", phone = "+1 617 555 0100",
        }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AddressBody>(Cancel))!;
    }

    [Fact]
    public async Task ServiceToken_TheUsersAddress_Is200WithExactlyTheAgreedShape()
    {
        var user = await app.NewCustomerAsync();
        var address = await AddAsync(user);
        using var service = await app.ServiceClientAsync();

        var response = await service.GetAsync($"/internal/users/{user.Id}/addresses/{address.Id}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(
            ["city", "country", "id", "isDefault", "label", "line1", "line2", "name", "phone", "postalCode", "region"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(address, json.Deserialize<AddressBody>(JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task ServiceToken_AnotherUsersAddressOrUnknownId_Is404()
    {
        var owner = await app.NewCustomerAsync();
        var other = await app.NewCustomerAsync();
        var address = await AddAsync(owner);
        using var service = await app.ServiceClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/internal/users/{other.Id}/addresses/{address.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/internal/users/{owner.Id}/addresses/{Guid.NewGuid()}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task CustomerToken_EvenTheirOwn_Is403()
    {
        var user = await app.NewCustomerAsync();
        var address = await AddAsync(user);

        var response = await user.Client.GetAsync($"/internal/users/{user.Id}/addresses/{address.Id}", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
