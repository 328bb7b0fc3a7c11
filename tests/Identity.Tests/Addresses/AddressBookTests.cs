using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Identity.Tests.Addresses;

public sealed class AddressBookTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Home(string? label = "Home", bool? isDefault = null, string country = "de") => new
    {
        label,
        name = "Ada Lovelace",
        line1 = "Hauptstraße 1",
        line2 = (string?)null,
        city = "Berlin",
        region = (string?)null,
        postalCode = "10115",
        country,
        phone = "+49 30 1234567",
        isDefault,
    };

    private static async Task<AddressBody> AddAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/users/me/addresses", body, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AddressBody>(Cancel))!;
    }

    private static async Task<List<AddressBody>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<AddressBody>>("/api/users/me/addresses", Cancel))!;

    [Fact]
    public async Task Add_FirstAddress_Is201WithLocationUppercasedCountryAndIsTheDefault()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/users/me/addresses", Home(), Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var added = (await response.Content.ReadFromJsonAsync<AddressBody>(Cancel))!;
        Assert.Equal($"/api/users/me/addresses/{added.Id}", response.Headers.Location?.ToString());
        Assert.Equal("DE", added.Country);
        Assert.Equal("Hauptstraße 1", added.Line1);
        Assert.True(added.IsDefault);
        Assert.Equal(added, (await user.Client.GetFromJsonAsync<AddressBody>($"/api/users/me/addresses/{added.Id}", Cancel))!);
        Assert.Equal([added], await ListAsync(user.Client));
    }

    [Fact]
    public async Task Add_SecondWithIsDefault_MovesTheDefault()
    {
        var user = await app.NewCustomerAsync();
        var first = await AddAsync(user.Client, Home("Home"));
        var second = await AddAsync(user.Client, Home("Work"));
        Assert.False(second.IsDefault);

        var third = await AddAsync(user.Client, Home("Parents", isDefault: true));

        Assert.True(third.IsDefault);
        var list = await ListAsync(user.Client);
        Assert.Equal(third.Id, Assert.Single(list, a => a.IsDefault).Id);
        Assert.Equal([third.Id, first.Id, second.Id], list.Select(a => a.Id));
    }

    [Fact]
    public async Task Update_IsDefaultTrue_MovesTheDefaultAndChangesTheFields()
    {
        var user = await app.NewCustomerAsync();
        var first = await AddAsync(user.Client, Home("Home"));
        var second = await AddAsync(user.Client, Home("Work"));

        var response = await user.Client.PutAsJsonAsync(
            $"/api/users/me/addresses/{second.Id}", new { name = "Ada King", line1 = "1 Main St", city = "Boston", region = "MA", postalCode = "02101", country = "us", isDefault = true }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<AddressBody>(Cancel))!;
        Assert.Equal(new AddressBody(second.Id, null, "Ada King", "1 Main St", null, "Boston", "MA", "02101", "US", null, true), updated);
        var list = await ListAsync(user.Client);
        Assert.Equal(second.Id, Assert.Single(list, a => a.IsDefault).Id);
        Assert.False(list.Single(a => a.Id == first.Id).IsDefault);
    }

    [Fact]
    public async Task Update_IsDefaultFalseOnTheDefault_KeepsItTheDefault()
    {
        var user = await app.NewCustomerAsync();
        var only = await AddAsync(user.Client, Home());

        var response = await user.Client.PutAsJsonAsync($"/api/users/me/addresses/{only.Id}", Home(isDefault: false), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(await ListAsync(user.Client)).IsDefault);
    }

    [Fact]
    public async Task Delete_TheDefault_MakesTheOldestRemainingTheDefault()
    {
        var user = await app.NewCustomerAsync();
        var first = await AddAsync(user.Client, Home("Home"));
        var second = await AddAsync(user.Client, Home("Work"));
        var third = await AddAsync(user.Client, Home("Parents", isDefault: true));

        var response = await user.Client.DeleteAsync($"/api/users/me/addresses/{third.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var list = await ListAsync(user.Client);
        Assert.Equal([first.Id, second.Id], list.Select(a => a.Id));
        Assert.True(list[0].IsDefault);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/users/me/addresses/{third.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Add_PastTwentyAddresses_Is409AndAddsNothing()
    {
        var user = await app.NewCustomerAsync();
        for (var i = 0; i < 20; i++)
        {
            await AddAsync(user.Client, Home($"Address {i}"));
        }

        var response = await user.Client.PostAsJsonAsync("/api/users/me/addresses", Home("One too many"), Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Contains("20", problem.Detail);
        Assert.Equal(20, (await ListAsync(user.Client)).Count);
    }

    [Fact]
    public async Task Add_ManyInParallel_NeverPassesTheLimitAndKeepsOneDefault()
    {
        var user = await app.NewCustomerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            user.Client.PostAsJsonAsync("/api/users/me/addresses", Home($"Parallel {i}", isDefault: i % 2 == 0), Cancel)));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var list = await ListAsync(user.Client);
        Assert.Equal(20, list.Count);
        Assert.Single(list, a => a.IsDefault);
    }

    [Fact]
    public async Task AnotherUsersAddress_Is404ForGetPutAndDeleteAndStaysUnchanged()
    {
        var owner = await app.NewCustomerAsync();
        var other = await app.NewCustomerAsync();
        var address = await AddAsync(owner.Client, Home());
        var url = $"/api/users/me/addresses/{address.Id}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(url, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PutAsJsonAsync(url, Home("Stolen"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync(url, Cancel)).StatusCode);
        Assert.Empty(await ListAsync(other.Client));
        Assert.Equal([address], await ListAsync(owner.Client));
    }

    [Fact]
    public async Task Add_BadFields_Is400WithAnErrorPerFieldAndAddsNothing()
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/users/me/addresses", new
        {
            label = new string('x', 51),
            name = " ",
            line1 = "",
            city = "Ber\u0000lin",
            postalCode = new string('1', 21),
            country = "XX",
            phone = new string('5', 33),
        }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Equal(["city", "country", "label", "line1", "name", "phone", "postalCode"], problem.Errors!.Keys.Order());
        Assert.Empty(await ListAsync(user.Client));
    }

    [Theory]
    [InlineData("USA")]
    [InlineData("ZZ")]
    [InlineData("U")]
    [InlineData(null)]
    public async Task Add_CountryNotAnIsoCode_Is400OnCountry(string? country)
    {
        var user = await app.NewCustomerAsync();

        var response = await user.Client.PostAsJsonAsync("/api/users/me/addresses", new { name = "A", line1 = "B", city = "C", postalCode = "D", country }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["country"], (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors!.Keys);
    }

    [Fact]
    public async Task Update_BadFields_Is400AndChangesNothing()
    {
        var user = await app.NewCustomerAsync();
        var address = await AddAsync(user.Client, Home());

        var response = await user.Client.PutAsJsonAsync($"/api/users/me/addresses/{address.Id}", new { name = "New", line1 = "New", city = "New", postalCode = "1", country = "QQ" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([address], await ListAsync(user.Client));
    }

    [Fact]
    public async Task AddressBook_WithoutBearer_Is401()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/users/me/addresses", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/users/me/addresses", Home(), Cancel)).StatusCode);
    }
}
