using System.Net;
using Bazaar.TestSupport;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>Electronics &gt; Audio &gt; Headphones, a Kitchen beside it, and a shelf of 25 for paging.</summary>
public sealed class ListCatalogApp(InfrastructureFixture infrastructure) : CatalogApp(infrastructure)
{
    public const int PagingCount = 25;

    public CategoryBody Audio { get; private set; } = null!;

    public CategoryBody Paging { get; private set; } = null!;

    public ProductBody Speaker { get; private set; } = null!;

    public ProductBody Cans { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var electronics = await CreateCategoryAsync("Electronics");
        Audio = await CreateCategoryAsync("Audio", electronics.Id);
        var headphones = await CreateCategoryAsync("Headphones", Audio.Id);
        var kitchen = await CreateCategoryAsync("Kitchen");
        Paging = await CreateCategoryAsync("Paging");

        await CreateProductAsync(NewProduct(electronics.Id, "TV", 500m, ["screen"]));
        Speaker = await CreateProductAsync(NewProduct(Audio.Id, "Speaker", 80m, ["sale"]));
        await CreateProductAsync(NewProduct(Audio.Id, "Amp", 120m, ["sale"], initialStock: 0));
        Cans = await CreateProductAsync(NewProduct(headphones.Id, "Cans", 90m, ["sale", "audio"]));
        await CreateProductAsync(NewProduct(headphones.Id, "Buds", 40m, ["sale"]));
        await CreateProductAsync(NewProduct(kitchen.Id, "Pan", 90m, ["sale"]));

        // Prices and names in opposite orders, so that each sort is told apart.
        for (var i = 0; i < PagingCount; i++)
        {
            await CreateProductAsync(NewProduct(Paging.Id, $"Item {(char)('Z' - i)}", 1m + i));
        }
    }
}

public sealed class ListProductsTests(ListCatalogApp app) : IClassFixture<ListCatalogApp>
{
    [Fact]
    public async Task List_FiltersCombined_ApplyAllAndIncludeSubCategories()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("category=electronics&minPrice=50&maxPrice=150&tag=sale&inStock=true&sort=price");

        Assert.Equal([app.Speaker.Id, app.Cans.Id], page.Items.Select(p => p.Id));
        Assert.Equal(2, page.TotalCount);
    }

    [Theory]
    [InlineData("tag=sale", 4)]
    [InlineData("tag=sale&tag=audio", 1)]
    [InlineData("inStock=false", 1)]
    [InlineData("inStock=true", 3)]
    [InlineData("maxPrice=80", 2)]
    public async Task List_CategoryById_CombinesWithOtherFilters(string filters, int expected)
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync($"category={app.Audio.Id}&{filters}");

        Assert.Equal(expected, page.TotalCount);
    }

    [Fact]
    public async Task List_UnknownCategory_ReturnsEmptyPage()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("category=no-such-shelf");

        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public async Task List_EveryPage_HasTheSameTotalsAndNoRepeats()
    {
        using var client = app.CreateClient();
        var seen = new List<Guid>();

        for (var number = 1; number <= 4; number++)
        {
            var page = await client.ListAsync($"category=paging&sort=price&pageSize=10&page={number}");

            Assert.Equal(ListCatalogApp.PagingCount, page.TotalCount);
            Assert.Equal(3, page.TotalPages);
            Assert.Equal(number, page.Page);
            Assert.Equal(10, page.PageSize);
            Assert.Equal(number switch { 1 or 2 => 10, 3 => 5, _ => 0 }, page.Items.Count);
            seen.AddRange(page.Items.Select(p => p.Id));
        }

        Assert.Equal(ListCatalogApp.PagingCount, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("price")]
    [InlineData("-price")]
    [InlineData("name")]
    [InlineData("-createdAt")]
    public async Task List_Sorted_ComesInThatOrder(string sort)
    {
        using var client = app.CreateClient();

        var items = (await client.ListAsync($"category=paging&pageSize=100&sort={sort}")).Items;

        var expected = sort switch
        {
            "price" => items.OrderBy(p => p.Price),
            "-price" => items.OrderByDescending(p => p.Price),
            "name" => items.OrderBy(p => p.Name, StringComparer.Ordinal),
            _ => items.OrderByDescending(p => p.CreatedAt),
        };
        Assert.Equal(expected.Select(p => p.Id), items.Select(p => p.Id));
    }

    [Fact]
    public async Task List_Item_HasTheContractShape()
    {
        using var client = app.CreateClient();

        var json = await (await client.GetAsync("/api/products?category=audio&pageSize=1", TestContext.Current.CancellationToken)).ReadJsonAsync();

        var item = json.GetProperty("items")[0];
        foreach (var field in new[] { "id", "sku", "name", "description", "categoryId", "categoryName", "price", "currency", "tags", "images", "attributes", "vendorId", "rating", "stockStatus", "createdAt", "updatedAt" })
        {
            Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.False(item.TryGetProperty("version", out _));
        Assert.Contains(item.GetProperty("stockStatus").GetString(), new[] { "in_stock", "low_stock", "out_of_stock" });
    }

    [Theory]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("minPrice=10&maxPrice=5", "minPrice")]
    [InlineData("minPrice=-1", "minPrice")]
    public async Task List_InvalidQuery_Returns400ProblemNamingTheField(string query, string field)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/products?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync<ProblemBody>();
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("pageSize=1.5", "pageSize")]
    [InlineData("inStock=maybe", "inStock")]
    [InlineData("minPrice=cheap", "minPrice")]
    [InlineData("maxPrice=1e400", "maxPrice")]
    [InlineData("vendorId=nobody", "vendorId")]
    public async Task List_UnparsableValue_Returns400ProblemNamingTheField(string query, string field)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/products?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync<ProblemBody>();
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.DoesNotContain("bind", problem.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
