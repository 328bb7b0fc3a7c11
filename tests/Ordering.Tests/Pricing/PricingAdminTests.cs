using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>Shipping methods, the tax table and promotions: the admin's routes and what anyone may read.</summary>
public sealed class PricingAdminTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "POST", "/api/shipping/methods" },
        { "PUT", $"/api/shipping/methods/{Guid.NewGuid()}" },
        { "DELETE", $"/api/shipping/methods/{Guid.NewGuid()}" },
        { "PUT", "/api/tax/rates" },
        { "GET", "/api/promotions" },
        { "POST", "/api/promotions" },
        { "GET", $"/api/promotions/{Guid.NewGuid()}" },
        { "PUT", $"/api/promotions/{Guid.NewGuid()}" },
        { "DELETE", $"/api/promotions/{Guid.NewGuid()}" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_AnonymousOrCustomer_Is401Or403(string method, string path)
    {
        using var anonymous = app.CreateClient();
        using var customer = app.Customer();

        using var byAnonymous = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) }, Token);
        using var byCustomer = await customer.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) }, Token);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (byAnonymous.StatusCode, byCustomer.StatusCode));
    }

    [Fact]
    public async Task ShippingMethods_CreateListUpdateDelete_PricesForTheSubtotalAndShipsOnlyWhereItShould()
    {
        var (here, elsewhere) = (PricingSetup.NewCountry(), PricingSetup.NewCountry());
        var id = await app.ShippingMethodAsync(here, 5.00m, freeOver: 50m, name: "Post");
        using var admin = app.Admin();
        using var anonymous = app.CreateClient();

        var below = await anonymous.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={here.ToLowerInvariant()}&subtotal=49.99", Token);
        var above = await anonymous.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={here}&subtotal=50", Token);
        var other = await anonymous.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={elsewhere}&subtotal=10", Token);

        var method = Assert.Single(below.EnumerateArray());
        Assert.Equal((id, "Post", 5.00m, 2, 5), (method.GetProperty("id").GetGuid(), method.GetProperty("name").GetString(), method.GetProperty("price").GetDecimal(),
            method.GetProperty("estimatedDays").GetProperty("min").GetInt32(), method.GetProperty("estimatedDays").GetProperty("max").GetInt32()));
        Assert.Equal(0m, Assert.Single(above.EnumerateArray()).GetProperty("price").GetDecimal());
        Assert.Empty(other.EnumerateArray());

        var update = await admin.PutAsJsonAsync($"/api/shipping/methods/{id}", new { name = "Express", countries = new[] { "*" }, price = 9.5m, estimatedDays = new { min = 1, max = 1 } }, Token);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var everywhere = await anonymous.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={elsewhere}&subtotal=100", Token);
        Assert.Equal(("Express", 9.5m), (Assert.Single(everywhere.EnumerateArray()).GetProperty("name").GetString(), everywhere[0].GetProperty("price").GetDecimal()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/shipping/methods/{id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/shipping/methods/{id}", Token)).StatusCode);
        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/shipping/methods?country={elsewhere}", Token)).EnumerateArray());
    }

    public static TheoryData<string, string> BadMethods => new()
    {
        { """{"countries":["US"],"price":1,"estimatedDays":{"min":1,"max":2}}""", "name" },
        { """{"name":"A","countries":[],"price":1,"estimatedDays":{"min":1,"max":2}}""", "countries" },
        { """{"name":"A","countries":["USA"],"price":1,"estimatedDays":{"min":1,"max":2}}""", "countries" },
        { """{"name":"A","countries":["US"],"price":-1,"estimatedDays":{"min":1,"max":2}}""", "price" },
        { """{"name":"A","countries":["US"],"price":1.001,"estimatedDays":{"min":1,"max":2}}""", "price" },
        { """{"name":"A","countries":["US"],"price":1,"freeOver":-5,"estimatedDays":{"min":1,"max":2}}""", "freeOver" },
        { """{"name":"A","countries":["US"],"price":1,"estimatedDays":{"min":3,"max":2}}""", "estimatedDays" },
        { """{"name":"A","countries":["US"],"price":1}""", "estimatedDays" },
    };

    [Theory]
    [MemberData(nameof(BadMethods))]
    public async Task ShippingMethods_BadBody_Returns400NamingTheFieldAndChangesNothing(string json, string field)
    {
        using var admin = app.Admin();
        var before = await admin.GetStringAsync("/api/shipping/methods", Token);

        var response = await admin.PostAsync("/api/shipping/methods", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Token);

        await response.ErrorsAsync(field);
        Assert.Equal(before, await admin.GetStringAsync("/api/shipping/methods", Token));
    }

    [Fact]
    public async Task TaxRates_Put_ReplacesTheTableAndAnyoneReadsIt()
    {
        await app.TaxRatesAsync(new { country = "gb", taxClass = "standard", rate = 0.2m }, new { country = "US", region = "CA", taxClass = "standard", rate = 0.0725m });
        await app.TaxRatesAsync(new { country = "DE", taxClass = "reduced", rate = 0.07m }, new { country = "DE", taxClass = "standard", rate = 0.19m });
        using var anonymous = app.CreateClient();

        var rates = await anonymous.GetFromJsonAsync<JsonElement>("/api/tax/rates", Token);

        Assert.Equal(
            [("DE", "standard", 0.19m), ("DE", "reduced", 0.07m)],
            rates.EnumerateArray().Select(r => (r.GetProperty("country").GetString()!, r.GetProperty("taxClass").GetString()!, r.GetProperty("rate").GetDecimal())));
    }

    public static TheoryData<string, string> BadRates => new()
    {
        { """[{"country":"USA","taxClass":"standard","rate":0.1}]""", "[0].country" },
        { """[{"country":"US","taxClass":"luxury","rate":0.1}]""", "[0].taxClass" },
        { """[{"country":"US","taxClass":"standard","rate":1.5}]""", "[0].rate" },
        { """[{"country":"US","taxClass":"standard","rate":-0.1}]""", "[0].rate" },
        { """[{"country":"US","taxClass":"standard"}]""", "[0].rate" },
        { """[{"country":"US","taxClass":"standard","rate":0.1},{"country":"us","taxClass":"standard","rate":0.2}]""", "[1]" },
    };

    [Theory]
    [MemberData(nameof(BadRates))]
    public async Task TaxRates_BadTable_Returns400NamingTheRowAndKeepsTheOldTable(string json, string field)
    {
        await app.TaxRatesAsync(new { country = "FR", taxClass = "standard", rate = 0.2m });
        using var admin = app.Admin();

        var response = await admin.PutAsync("/api/tax/rates", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Token);

        await response.ErrorsAsync(field);
        var rates = await admin.GetFromJsonAsync<JsonElement>("/api/tax/rates", Token);
        Assert.Equal("FR", Assert.Single(rates.EnumerateArray()).GetProperty("country").GetString());
    }

    [Fact]
    public async Task Promotions_CreateReadUpdateDelete_WithTimesUsedAndCodesUniqueWhateverTheirCase()
    {
        var code = PricingSetup.NewCode();
        var created = await app.PromotionAsync(new { code, kind = "percent", value = 10m, usageLimit = 5, perCustomerLimit = 1, minSubtotal = 20m });
        using var admin = app.Admin();

        var duplicate = await admin.PostAsJsonAsync("/api/promotions", new { code = code.ToLowerInvariant(), kind = "fixed", value = 5m }, Token);
        var listed = await admin.GetFromJsonAsync<List<PromotionBody>>("/api/promotions", Token);
        var updated = await admin.PutAsJsonAsync($"/api/promotions/{created.Id}", new { code, kind = "free_shipping", usageLimit = 7 }, Token);

        Assert.Equal((code, "percent", 10m, 5, 1, 0), (created.Code, created.Kind, created.Value, created.UsageLimit, created.PerCustomerLimit, created.TimesUsed));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains(listed!, p => p.Id == created.Id && p.TimesUsed == 0);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("free_shipping", 0m, 7, (int?)null), (await app.PromotionAsync(created.Id)) is var p ? (p.Kind, p.Value, p.UsageLimit, p.PerCustomerLimit) : default);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/promotions/{created.Id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/promotions/{created.Id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/promotions", new { code = code.ToLowerInvariant(), kind = "fixed", value = 5m }, Token)).StatusCode);
    }

    public static TheoryData<string, string> BadPromotions => new()
    {
        { """{"kind":"percent","value":10}""", "code" },
        { """{"code":"A B","kind":"percent","value":10}""", "code" },
        { """{"code":"X1","kind":"bogof","value":10}""", "kind" },
        { """{"code":"X1","kind":"percent","value":0}""", "value" },
        { """{"code":"X1","kind":"percent","value":101}""", "value" },
        { """{"code":"X1","kind":"fixed","value":-1}""", "value" },
        { """{"code":"X1","kind":"fixed"}""", "value" },
        { """{"code":"X1","kind":"free_shipping","value":3}""", "value" },
        { """{"code":"X1","kind":"fixed","value":5,"usageLimit":0}""", "usageLimit" },
        { """{"code":"X1","kind":"fixed","value":5,"perCustomerLimit":-1}""", "perCustomerLimit" },
        { """{"code":"X1","kind":"fixed","value":5,"minSubtotal":-1}""", "minSubtotal" },
        { """{"code":"X1","kind":"fixed","value":5,"startsAt":"2026-12-02T00:00:00Z","endsAt":"2026-12-01T00:00:00Z"}""", "endsAt" },
    };

    [Theory]
    [MemberData(nameof(BadPromotions))]
    public async Task Promotions_BadBody_Returns400NamingTheFieldAndCreatesNothing(string json, string field)
    {
        using var admin = app.Admin();
        var before = (await admin.GetFromJsonAsync<List<PromotionBody>>("/api/promotions", Token))!.Count;

        var response = await admin.PostAsync("/api/promotions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Token);

        await response.ErrorsAsync(field);
        Assert.Equal(before, (await admin.GetFromJsonAsync<List<PromotionBody>>("/api/promotions", Token))!.Count);
    }
}
