using System.Net;
using System.Net.Http.Json;
using Bazaar.Catalog.Products;
using Bazaar.Contracts.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Tests.Products;

public sealed class CsvImportTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_AsAdmin_CreatesUpdatesAndReportsBadRowsByNumberAndColumn()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var existing = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id, "Old name", 10m));
        var (fresh, quoted, bad) = (Sku(), Sku(), Sku());
        var csv =
            "sku,name,description,category,price,tags,stock\r\n" +
            $"{fresh},Fresh lamp,,{shelf.Slug},12.50,Desk|light,7\r\n" +
            $"{existing.Sku.ToLowerInvariant()},New name,,{shelf.Slug},11.00,,\r\n" +
            $"{bad},,,{shelf.Slug},abc,,\r\n" +
            $"{quoted},\"Lamp, \"\"big\"\"\",\"two\r\nlines\",{shelf.Id},3,,\r\n" +
            $"{Sku()},Lost,,no-such-shelf,5,,-1\r\n";
        using var admin = app.Admin();

        var result = await ImportAsync(admin, csv);

        Assert.Equal((2, 1, 0), (result.Created, result.Updated, result.Unchanged));
        Assert.Equal([3, 5], result.Failed.Select(f => f.Row));
        Assert.Equal(["name", "price"], result.Failed[0].Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["category", "stock"], result.Failed[1].Errors.Keys.Order(StringComparer.Ordinal));
        var created = await ProductAsync(fresh);
        Assert.Equal((12.50m, "USD", shelf.Id), (created.Price, created.Currency, created.CategoryId));
        Assert.Equal(["desk", "light"], created.Tags);
        Assert.Null(created.VendorId);
        Assert.Equal(("Lamp, \"big\"", "two\r\nlines"), ((await ProductAsync(quoted)).Name, (await ProductAsync(quoted)).Description));
        Assert.Equal(("New name", 11.00m), ((await ProductAsync(existing.Sku)).Name, (await ProductAsync(existing.Sku)).Price));
        Assert.False(await app.WithDbAsync(db => db.Products.AnyAsync(p => p.Sku == bad, Token)));

        // The same events as POST and PUT, through the outbox: Inventory hears of the initial stock.
        Assert.Equal(7, Assert.Single(await app.EventsAsync<ProductCreated>(e => e.Sku == fresh)).InitialStock);
        Assert.Single(await app.EventsAsync<ProductUpdated>(e => e.ProductId == existing.Id && e.Name == "New name"));
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondRunUpdatesNothing()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var existing = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id, "Before", 10m));
        var csv =
            "sku,name,description,category,price,currency,taxClass,tags,images,attributes\n" +
            $"{existing.Sku},After,Now longer,{shelf.Slug},10,usd,reduced,a|b,https://img.example/1.jpg,\"{{\"\"color\"\":\"\"red\"\"}}\"\n" +
            $"{Sku()},=SUM(A1),  padded  ,{shelf.Slug},1.5,,,,,\n";
        using var admin = app.Admin();
        var first = await ImportAsync(admin, csv);
        var events = (await app.EventsAsync<ProductUpdated>()).Count + (await app.EventsAsync<ProductCreated>()).Count;
        var version = (await ProductAsync(existing.Sku)).Version;

        var second = await ImportAsync(admin, csv);

        Assert.Equal((1, 1, 0), (first.Created, first.Updated, first.Failed.Count));
        Assert.Equal((0, 0, 2), (second.Created, second.Updated, second.Unchanged));
        Assert.Empty(second.Failed);
        Assert.Equal(events, (await app.EventsAsync<ProductUpdated>()).Count + (await app.EventsAsync<ProductCreated>()).Count);
        Assert.Equal(version, (await ProductAsync(existing.Sku)).Version);
    }

    [Fact]
    public async Task Import_ColumnsLeftOut_KeepTheirValues()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var body = CatalogApp.NewProduct(shelf.Id, "Keeps its name", 10m, ["kept"], "Kept description");
        var existing = await app.CreateProductAsync(body);
        using var admin = app.Admin();

        var result = await ImportAsync(admin, $"sku,price\n{existing.Sku},19.99\n");

        Assert.Equal(1, result.Updated);
        var product = await ProductAsync(existing.Sku);
        Assert.Equal(("Keeps its name", "Kept description", 19.99m, shelf.Id), (product.Name, product.Description, product.Price, product.CategoryId));
        Assert.Equal(["kept"], product.Tags);
    }

    [Fact]
    public async Task Import_AsVendor_AnotherVendorsSkuFailsAndOwnRowsApply()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var owner = app.Vendor(out _);
        var theirs = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id, "Theirs", 10m), owner);
        using var vendor = app.Vendor(out var vendorId);
        var mine = Sku();

        var result = await ImportAsync(vendor, $"sku,name,category,price,vendorId\n{theirs.Sku},Mine now,{shelf.Slug},1,{vendorId}\n{mine},Mine,{shelf.Slug},2,{Guid.NewGuid()}\n");

        Assert.Equal((1, 0), (result.Created, result.Updated));
        Assert.Equal(1, Assert.Single(result.Failed).Row);
        Assert.Contains("sku", result.Failed[0].Errors.Keys);
        Assert.Equal("Theirs", (await ProductAsync(theirs.Sku)).Name);
        // A vendor owns what it imports, whatever the file says (as with POST).
        Assert.Equal(vendorId, (await ProductAsync(mine)).VendorId);
    }

    [Fact]
    public async Task Import_SkuTwiceInOneFile_FailsTheSecond()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var sku = Sku();
        using var admin = app.Admin();

        var result = await ImportAsync(admin, $"sku,name,category,price\n{sku},One,{shelf.Slug},1\n{sku.ToLowerInvariant()},Two,{shelf.Slug},2\n");

        Assert.Equal(1, result.Created);
        Assert.Equal(2, Assert.Single(result.Failed).Row);
        Assert.Equal("One", (await ProductAsync(sku)).Name);
    }

    [Fact]
    public async Task Import_UnclosedQuote_FailsThatRowAndKeepsTheOnesBefore()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var before = Sku();
        using var admin = app.Admin();

        var result = await ImportAsync(admin, $"sku,name,category,price\n{before},Fine,{shelf.Slug},1\n{Sku()},\"Open,{shelf.Slug},2\n{Sku()},Swallowed,{shelf.Slug},3\n");

        Assert.Equal(1, result.Created);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(2, failed.Row);
        Assert.Contains("record", failed.Errors.Keys);
    }

    [Theory]
    [InlineData("sku,name,colour\nA,b,c\n", "header")]
    [InlineData("name,price\nA,1\n", "header")]
    [InlineData("", "file")]
    public async Task Import_BadHeaderOrEmptyFile_Returns400NamingIt(string csv, string field)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/products/import", Csv(csv), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
    }

    [Fact]
    public async Task Import_Over10MB_Returns413ProblemAndChangesNothing()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var sku = Sku();
        var csv = $"sku,name,category,price,description\n{sku},Big,{shelf.Slug},1,{new string('x', ImportProducts.MaxBytes)}\n";
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/products/import", Csv(csv), Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.Products.AnyAsync(p => p.Sku == sku, Token)));
    }

    [Fact]
    public async Task Import_NotCsv_Returns415()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/products/import", new { sku = "A" }, Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ImportAndExport_AnonymousIs401_CustomerIs403()
    {
        using var anonymous = app.CreateClient();
        using var customer = app.Customer();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/products/export", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/products/import", Csv("sku\nA\n"), Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/products/export", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/products/import", Csv("sku\nA\n"), Token)).StatusCode);
    }

    internal static string Sku() => $"CSV-{Guid.NewGuid():N}"[..24].ToUpperInvariant();

    internal static StringContent Csv(string text) => new(text, System.Text.Encoding.UTF8, "text/csv");

    internal static async Task<ImportResult> ImportAsync(HttpClient client, string csv)
    {
        var response = await client.PostAsync("/api/products/import", Csv(csv), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<ImportResult>();
    }

    private Task<Product> ProductAsync(string sku) =>
        app.WithDbAsync(db => db.Products.AsNoTracking().FirstAsync(p => p.Sku == sku.ToUpperInvariant(), Token));
}
