using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>Admin and vendor writes of products and categories leave an AuditRecorded in the outbox, committed with the change; refused writes leave none.</summary>
public sealed class ProductAuditTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<List<AuditRecorded>> AuditOfAsync(Guid entityId) =>
        await app.EventsAsync<AuditRecorded>(a => a.EntityId == entityId.ToString());

    [Fact]
    public async Task PriceChange_ByAdmin_AuditedWithActorBeforeAndAfter()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Lamp", 9.99m));
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out var adminId));

        var response = await admin.PutAsJsonAsync($"/api/products/{product.Id}", new { product.Sku, name = "Lamp", product.CategoryId, price = 12.50m }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = Assert.Single(await AuditOfAsync(product.Id), a => a.Action == "updated");
        Assert.Equal(("product", adminId, $"{adminId:N}@example.com"), (updated.Entity, updated.ActorId, updated.ActorEmail));
        Assert.Contains("admin", updated.ActorRoles);
        Assert.Equal(9.99m, updated.Before!.Value.GetProperty("price").GetDecimal());
        Assert.Equal(12.50m, updated.After!.Value.GetProperty("price").GetDecimal());
        Assert.Equal("Lamp", updated.After.Value.GetProperty("name").GetString());
        // The change's own event was committed with it, in the same SaveChanges.
        Assert.Single(await app.EventsAsync<ProductUpdated>(e => e.ProductId == product.Id));
    }

    [Fact]
    public async Task CreateAndArchive_ByVendor_AuditedAsCreatedThenArchived()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out var vendorId);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Vase", 20m), vendor);

        Assert.Equal(HttpStatusCode.NoContent, (await vendor.DeleteAsync($"/api/products/{product.Id}", Token)).StatusCode);

        var audit = await AuditOfAsync(product.Id);
        Assert.Equal(["created", "archived"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(vendorId, a.ActorId));
        Assert.Null(audit[0].Before);
        Assert.Equal(20m, audit[0].After!.Value.GetProperty("price").GetDecimal());
        Assert.Null(audit[1].After);
    }

    [Fact]
    public async Task RefusedWrites_AnotherVendorsProductOrStaleIfMatch_AuditNothing()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var owner = app.Vendor(out _);
        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Bowl", 5m), owner);
        using var other = app.Vendor(out _);
        using var admin = app.Admin();
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{product.Id}")
        {
            Content = JsonContent.Create(new { product.Sku, name = "Bowl", product.CategoryId, price = 1m }),
        };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0\""));

        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/products/{product.Id}", new { product.Sku, name = "Bowl", product.CategoryId, price = 0.01m }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/api/products/{product.Id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/products/{product.Id}", new { product.Sku, name = "", product.CategoryId, price = -1m }, Token)).StatusCode);

        Assert.Equal(["created"], (await AuditOfAsync(product.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task CategoryRename_ByAdmin_AuditedWithBeforeAndAfter()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var admin = app.Admin();
        var renamed = $"Renamed {Guid.NewGuid():N}";

        var response = await admin.PutAsJsonAsync($"/api/categories/{category.Id}", new { name = renamed }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await AuditOfAsync(category.Id);
        Assert.Equal(["created", "updated"], audit.Select(a => a.Action));
        Assert.Equal(category.Name, audit[1].Before!.Value.GetProperty("name").GetString());
        Assert.Equal(renamed, audit[1].After!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CsvImport_ByVendor_AuditsEachProductItCreatedOrChanged_NotTheUnchanged()
    {
        var shelf = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out var vendorId);
        var changed = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id, "Jug", 8m), vendor);
        var kept = await app.CreateProductAsync(CatalogApp.NewProduct(shelf.Id, "Cup", 3m), vendor);
        var fresh = $"AUDIT-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var csv = "sku,name,category,price\n" +
            $"{changed.Sku},Jug,{shelf.Slug},9.50\n" +
            $"{kept.Sku},Cup,{shelf.Slug},3\n" +
            $"{fresh},Saucer,{shelf.Slug},2\n";

        Assert.Equal((1, 1, 1), await ImportedAsync(vendor, csv));

        var update = Assert.Single(await AuditOfAsync(changed.Id), a => a.Action == "updated");
        Assert.Equal((vendorId, 8m, 9.50m), (update.ActorId, update.Before!.Value.GetProperty("price").GetDecimal(), update.After!.Value.GetProperty("price").GetDecimal()));
        Assert.Equal(["created"], (await AuditOfAsync(kept.Id)).Select(a => a.Action));
        var created = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.Entity == "product" && a.Action == "created" && a.After!.Value.GetProperty("sku").GetString() == fresh));
        Assert.Equal(vendorId, created.ActorId);
    }

    private static async Task<(int Created, int Updated, int Unchanged)> ImportedAsync(HttpClient client, string csv)
    {
        var result = await CsvImportTests.ImportAsync(client, csv);
        return (result.Created, result.Updated, result.Unchanged);
    }
}
