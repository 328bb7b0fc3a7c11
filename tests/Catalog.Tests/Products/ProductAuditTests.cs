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
}
