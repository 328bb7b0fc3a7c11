using Bazaar.TestSupport;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>Every Catalog list route, given any paging, sort or price value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    public static TheoryData<string> Requests => new(HostileQueries.Requests(
        ["/api/products", "/api/products?q=wireless", "/api/products?vendorId=0190e5a4-0000-7000-8000-000000000001", "/api/categories"],
        HostileQueries.Paging, HostileQueries.Sorts, HostileQueries.Prices));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var client = app.CreateClient();
        if ((await client.ListAsync("pageSize=1")).TotalCount == 0)
        {
            // A product, so that a page past the end is past something.
            var category = await app.CreateCategoryAsync("Hostile queries");
            await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, name: "Wireless thing"));
        }

        var response = await client.GetAsync(request, TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }

    [Fact]
    public async Task List_LastPossiblePage_Returns200EmptyPage()
    {
        using var client = app.CreateClient();

        var page = await client.ListAsync("page=2147483647&pageSize=100");

        Assert.Empty(page.Items);
        Assert.Equal(2147483647, page.Page);
        Assert.Equal(100, page.PageSize);
    }
}
