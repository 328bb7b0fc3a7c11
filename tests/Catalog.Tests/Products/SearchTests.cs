using System.Net;
using Bazaar.TestSupport;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>A small shop where some products are named wireless headphones and others only mention them.</summary>
public sealed class SearchCatalogApp(InfrastructureFixture infrastructure) : CatalogApp(infrastructure)
{
    public ProductBody NamedAlpha { get; private set; } = null!;

    public ProductBody NamedBeta { get; private set; } = null!;

    public ProductBody StandMentioning { get; private set; } = null!;

    public ProductBody CaseMentioning { get; private set; } = null!;

    public ProductBody Mouse { get; private set; } = null!;

    public ProductBody Lamp { get; private set; } = null!;

    public ProductBody Hub { get; private set; } = null!;

    public int Total => 8;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var audio = await CreateCategoryAsync("Audio");
        var kitchen = await CreateCategoryAsync("Kitchen");
        // The named ones first: newest-first order would put them last, so only ranking can lift them.
        NamedAlpha = await CreateProductAsync(NewProduct(audio.Id, "Wireless Headphones Alpha", 100m, ["audio"], "Over-ear, 30 hours of battery."));
        NamedBeta = await CreateProductAsync(NewProduct(audio.Id, "Wireless Headphones Beta", 200m, ["audio"], "Noise cancelling."));
        StandMentioning = await CreateProductAsync(NewProduct(audio.Id, "Headphone Stand", 30m, ["desk"], "A heavy stand that holds your wireless headphones."));
        CaseMentioning = await CreateProductAsync(NewProduct(audio.Id, "Travel Case", 20m, ["travel"], "A hard case that fits most wireless headphones and their cable."));
        Mouse = await CreateProductAsync(NewProduct(audio.Id, "Wireless Mouse", 25m, ["computers"], "A quiet mouse."));
        await CreateProductAsync(NewProduct(kitchen.Id, "Chef Knife", 50m, ["kitchen"], "Sharp."));
        // Codes with a hyphen before digits: PostgreSQL's parser alone reads "-08833128" as a negative number.
        Lamp = await CreateProductAsync(NewProduct(kitchen.Id, "Desk lamp LAMP-08833128", 45m, ["lighting"], "Brass, takes a 40-watt bulb."));
        Hub = await CreateProductAsync(NewProduct(audio.Id, "USB-3 hub", 15m, ["usb-c"], "Four ports."));
    }
}

public sealed class SearchTests(SearchCatalogApp app) : IClassFixture<SearchCatalogApp>
{
    [Fact]
    public async Task Search_WirelessHeadphones_RanksNamedProductsAboveDescriptionMentions()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("q=wireless%20headphones");

        Assert.Equal(4, page.TotalCount);
        Assert.Equal(
            new[] { app.NamedAlpha.Id, app.NamedBeta.Id }.Order(),
            page.Items.Take(2).Select(p => p.Id).Order());
        Assert.Equal(
            new[] { app.CaseMentioning.Id, app.StandMentioning.Id }.Order(),
            page.Items.Skip(2).Select(p => p.Id).Order());
    }

    [Theory]
    [InlineData("wirel", 5)]
    [InlineData("wireless headph", 4)]
    [InlineData("Wireless Headphones Alp", 1)]
    public async Task Search_PartialLastWord_MatchesAsPrefix(string typed, int expected)
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync($"q={Uri.EscapeDataString(typed)}");

        Assert.Equal(expected, page.TotalCount);
    }

    [Fact]
    public async Task Search_MatchesTags()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("q=computers");

        Assert.Equal([app.Mouse.Id], page.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Search_WithPriceSort_KeepsMatchesAndSortsByPrice()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("q=wireless%20headphones&sort=-price");

        Assert.Equal([200m, 100m, 30m, 20m], page.Items.Select(p => p.Price));
    }

    [Theory]
    [InlineData("'); DROP TABLE products; --")]
    [InlineData("wireless & | ! :* <-> (headphones")]
    [InlineData("\\' \"")]
    public async Task Search_OperatorsAndQuotes_AreTreatedAsText(string typed)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/products?q={Uri.EscapeDataString(typed)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.Total, (await client.ListAsync("")).TotalCount);
    }

    [Theory]
    [InlineData("LAMP-08833128", "lamp")]
    [InlineData("lamp-0883", "lamp")]
    [InlineData("Desk lamp LAMP-08833128", "lamp")]
    [InlineData("08833128", "lamp")]
    [InlineData("40-watt", "lamp")]
    [InlineData("USB-3", "hub")]
    [InlineData("usb 3 hub", "hub")]
    [InlineData("usb-c", "hub")]
    public async Task Search_CodesWithHyphensAndDigits_FindTheirProduct(string typed, string expected)
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync($"q={Uri.EscapeDataString(typed)}");

        Assert.Equal([expected == "lamp" ? app.Lamp.Id : app.Hub.Id], page.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Search_NothingMatches_ReturnsEmptyPage()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("q=zeppelin");

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalCount);
        Assert.Equal(0, page.TotalPages);
    }
}
