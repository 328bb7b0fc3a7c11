using System.Net;
using System.Net.Http.Json;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Tests.Products;

public sealed record CategoryFacetBody(Guid Id, string Name, int Count);

public sealed record PriceFacetBody(decimal Min, decimal? Max, int Count);

public sealed record RatingFacetBody(int AtLeast, int Count);

public sealed record FacetsBody(
    List<CategoryFacetBody> Categories, List<PriceFacetBody> Price, List<RatingFacetBody> Rating, int InStock, Dictionary<string, List<object>> Options);

public sealed record FacetedPageBody(List<ProductBody> Items, int Page, int PageSize, int TotalCount, int TotalPages, FacetsBody Facets);

/// <summary>Home &gt; Kitchen, and Garden: seven products of known prices, ratings and stock, one archived.</summary>
public sealed class FacetCatalogApp(InfrastructureFixture infrastructure) : CatalogApp(infrastructure)
{
    public CategoryBody Home { get; private set; } = null!;

    public CategoryBody Kitchen { get; private set; } = null!;

    public CategoryBody Garden { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Home = await CreateCategoryAsync("Home");
        Kitchen = await CreateCategoryAsync("Kitchen", Home.Id);
        Garden = await CreateCategoryAsync("Garden");

        await CreateRatedAsync(NewProduct(Kitchen.Id, "Kettle", 20m, description: "steel"), 4.5m);
        await CreateRatedAsync(NewProduct(Kitchen.Id, "Pan", 30m, initialStock: 0), 3.2m);
        await CreateRatedAsync(NewProduct(Kitchen.Id, "Pot", 60m), 0m);
        await CreateRatedAsync(NewProduct(Home.Id, "Lamp", 120m), 2m);
        await CreateRatedAsync(NewProduct(Garden.Id, "Hose", 40m, description: "steel"), 4m);
        await CreateRatedAsync(NewProduct(Garden.Id, "Shed", 300m, initialStock: 0), 1.5m);
        var archived = await CreateRatedAsync(NewProduct(Kitchen.Id, "Old kettle", 20m, description: "steel"), 5m);
        using var admin = Admin();
        (await admin.DeleteAsync($"/api/products/{archived.Id}", Cancellation)).EnsureSuccessStatusCode();
    }

    private async Task<ProductBody> CreateRatedAsync(Dictionary<string, object?> body, decimal rating)
    {
        var product = await CreateProductAsync(body);
        await WithDbAsync(db => db.Products.Where(p => p.Id == product.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RatingAverage, rating).SetProperty(p => p.RatingCount, rating > 0 ? 3 : 0), Cancellation));
        return product;
    }
}

public sealed class FacetsTests(FacetCatalogApp app) : IClassFixture<FacetCatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Facets_NoFilters_CountEveryActiveProduct()
    {
        var page = await FacetsAsync("");

        Assert.Equal(6, page.TotalCount); // the archived kettle is in no count
        Assert.Equal([("Home", 4), ("Kitchen", 3), ("Garden", 2)], Categories(page)); // Kitchen's in Home's too
        Assert.Equal([(0m, 25m, 1), (25m, 50m, 2), (50m, 100m, 1), (100m, 250m, 1), (250m, null, 1)], Prices(page));
        Assert.Equal([(4, 2), (3, 3), (2, 4), (1, 5)], page.Facets.Rating.Select(r => (r.AtLeast, r.Count)));
        Assert.Equal(4, page.Facets.InStock);
        Assert.Empty(page.Facets.Options);
    }

    [Fact]
    public async Task Facets_EachFacet_AppliesEveryFilterButItsOwn()
    {
        var page = await FacetsAsync("&category=kitchen&minPrice=25&inStock=true");

        Assert.Equal(["Pot"], page.Items.Select(p => p.Name));
        Assert.Equal(1, page.TotalCount);
        // Categories: priced from 25 and in stock (Pot, Lamp, Hose), whatever their category.
        Assert.Equal([("Home", 2), ("Garden", 1), ("Kitchen", 1)], Categories(page));
        // Price: in Kitchen and in stock (Kettle 20, Pot 60), whatever their price.
        Assert.Equal([(0m, 25m, 1), (25m, 50m, 0), (50m, 100m, 1), (100m, 250m, 0), (250m, null, 0)], Prices(page));
        // In stock: in Kitchen from 25 (Pan, out of stock; Pot), whatever their stock.
        Assert.Equal(1, page.Facets.InStock);
        // Rating has no filter of its own: every filter applies (Pot, unrated).
        Assert.All(page.Facets.Rating, r => Assert.Equal(0, r.Count));
    }

    [Fact]
    public async Task Facets_WithSearch_CountOnlyWhatTheSearchFinds()
    {
        var page = await FacetsAsync("&q=steel&maxPrice=30");

        Assert.Equal(["Kettle"], page.Items.Select(p => p.Name));
        Assert.Equal([("Home", 1), ("Kitchen", 1)], Categories(page));
        Assert.Equal([(0m, 25m, 1), (25m, 50m, 1), (50m, 100m, 0), (100m, 250m, 0), (250m, null, 0)], Prices(page)); // Kettle, Hose
        Assert.Equal(1, page.Facets.InStock);
    }

    [Fact]
    public async Task Facets_UnknownCategory_NoProductsButOtherCategoriesCounted()
    {
        var page = await FacetsAsync("&category=no-such-shelf");

        Assert.Equal(0, page.TotalCount);
        Assert.Empty(page.Items);
        Assert.Equal(3, page.Facets.Categories.Count);
        Assert.Equal(0, page.Facets.InStock);
    }

    [Fact]
    public async Task Facets_PastTheLastPage_StillCounted()
    {
        var page = await FacetsAsync("&page=5&pageSize=2");

        Assert.Empty(page.Items);
        Assert.Equal(6, page.TotalCount);
        Assert.Equal(3, page.TotalPages);
    }

    [Fact]
    public async Task Facets_NotABoolean_Returns400NamingTheField()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/products?facets=maybe", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<ProblemBody>();
        Assert.Contains(problem.Errors!.Keys, k => string.Equals(k, "facets", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("sort=name", "sort=name&facets=false")]
    [InlineData("category=kitchen&inStock=true", "category=kitchen&inStock=true&facets=false")]
    public async Task Facets_FalseOrMissing_ResponseUnchanged(string without, string withFalse)
    {
        using var client = app.CreateClient();

        var plain = await client.GetStringAsync($"/api/products?{without}", Token);
        var off = await client.GetStringAsync($"/api/products?{withFalse}", Token);

        Assert.Equal(plain, off);
        Assert.DoesNotContain("facets", plain, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("{\"items\":[", plain, StringComparison.Ordinal);
    }

    private async Task<FacetedPageBody> FacetsAsync(string filters)
    {
        using var client = app.CreateClient();
        return (await client.GetFromJsonAsync<FacetedPageBody>($"/api/products?facets=true&sort=name{filters}", Token))!;
    }

    private static List<(string, int)> Categories(FacetedPageBody page) => [.. page.Facets.Categories.Select(c => (c.Name, c.Count))];

    private static List<(decimal, decimal?, int)> Prices(FacetedPageBody page) => [.. page.Facets.Price.Select(p => (p.Min, p.Max, p.Count))];
}
