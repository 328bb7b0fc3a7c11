using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>Every Inventory list and report route, given any paging or date value, answers 200 or a clean 400.</summary>
public sealed class ListRoutesHostileQueryTests(InventoryApp app) : IClassFixture<InventoryApp>
{
    private const string Product = "{product}";

    public static TheoryData<string> Requests => new(
        HostileQueries.Requests(["/api/inventory/low-stock", $"/api/inventory/{Product}/movements"], HostileQueries.Paging, HostileQueries.Sorts)
            .Concat(HostileQueries.Requests(["/api/inventory/report"], HostileQueries.Dates, HostileQueries.Paging)));

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ListRoute_HostileQuery_Answers200Or400ProblemWithoutInternals(string request)
    {
        using var admin = app.Admin();
        var productId = await SomeProductAsync(admin);

        var response = await admin.GetAsync(request.Replace(Product, productId.ToString(), StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var fault = await HostileQueries.FaultAsync(response, TestContext.Current.CancellationToken);
        Assert.True(fault is null, fault);
    }

    /// <summary>A product with stock and a ledger line (out of stock, so on the low-stock list too), made by the first case.</summary>
    private async Task<Guid> SomeProductAsync(HttpClient admin)
    {
        var low = await admin.GetFromJsonAsync<JsonElement>("/api/inventory/low-stock?pageSize=1", TestContext.Current.CancellationToken);
        return low.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } item
            ? item.GetProperty("productId").GetGuid()
            : await app.NewProductAsync(initialStock: 0);
    }
}
